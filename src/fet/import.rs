//! A [`Fet`] as a scenario of `fixed` courses, with an [`Account`] of what each constraint
//! became.
//!
//! - The week: FET's days and hours (names made legal: `:` `;` `,` become `.` `_` `_`).
//! - Pupils: every *atomic* students set (a subgroup; a group without subgroups; a year without
//!   groups) is one pupil, so that two activities share pupils exactly when FET's share
//!   students. Room capacity is FET's: an activity's rooms are those of its preferred rooms that
//!   seat its number of students (the sum of its students sets' `Number_of_Students`); a room's
//!   capacity in `rooms.csv` is raised to the most imported pupils of a class allowed in it. Teachers who
//!   are a second teacher of an activity, or teach an activity without students, are also a
//!   pupil `teacher:NAME` attending all their activities, so that their clashes are exact too.
//! - Courses: each activity group (a split activity's sub-activities, or one activity) is a
//!   `fixed` course `A<group id>` with one class: `periods` its total duration, `pattern` its
//!   durations (runs on distinct days: FET's `MinDaysBetweenActivities` of the split) when one is
//!   longer than an hour or the split has such a constraint.
//! - Activities that start together (100% `ConstraintActivitiesSameStartingTime`) are blocks:
//!   where the constraints tie every part of some activity groups one to one (one part of each
//!   group per constraint, of one duration), those groups' classes are one block of a `[[scheme]]`
//!   with `apart = false` (given classes only), one scheme per set of stages they join.
//! - Time constraints become each course's `allowed` slots: break times, the not-available
//!   times of its teachers and students, preferred time slots and starting times.
//! - Space constraints: an activity with 100% preferred rooms (by activity, subject, tag) needs a
//!   room of type `room` with the feature `roomsN` that exactly those rooms have; an activity
//!   without one needs no room (FET gives rooms only where a constraint asks). 100% home rooms
//!   (of an activity's only teacher or only students set) stand in where no preferred room is.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Activity, Constraint, Fet, Filter, Rule, Time, Whom};
use crate::error::{InputError, InputErrors, Place};
use crate::scenario::*;

/// What became of the constraints of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Carried exactly as FET means it.
    Carried,
    /// Carried as a hard rule, stricter than FET (a soft rule made hard; runs on distinct days).
    Stricter,
    /// Carried looser than FET (only the slots it allows, not which start).
    Looser,
    /// Not carried: tailor has no such rule (yet), or it is soft.
    NotCarried,
    /// Inactive in the file, or of weight 0%: FET ignores it too.
    Inactive,
}

impl Status {
    /// Words for the account.
    pub fn text(self) -> &'static str {
        match self {
            Status::Carried => "carried",
            Status::Stricter => "carried, stricter",
            Status::Looser => "carried, looser",
            Status::NotCarried => "not carried",
            Status::Inactive => "inactive",
        }
    }
}

/// Count and weights of the constraints of one kind with one status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// How many.
    pub count: usize,
    /// Their weights (%), as written.
    pub weights: BTreeSet<String>,
}

/// Every constraint of the file by (kind, status), and notes of what was approximated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    /// Per kind and status.
    pub entries: BTreeMap<(String, Status), Entry>,
    /// Activities FET timetables (active).
    pub activities: usize,
    /// Activities left out (inactive, or with neither teachers nor students).
    pub left_out: usize,
    /// Courses made (activity groups).
    pub courses: usize,
    /// Pupils made.
    pub pupils: usize,
    /// Split activities with hours longer than one and no min-days rule, given distinct days.
    pub distinct_days_added: usize,
    /// Activities whose 100% room constraints leave no room that seats them: given no room.
    pub room_conflicts: usize,
    /// Blocks made of activities that start together (`ConstraintActivitiesSameStartingTime`).
    pub blocks: usize,
    /// Rooms whose capacity was raised to seat the imported pupils of a class allowed in them.
    pub capacities_raised: usize,
}

impl Account {
    fn add(&mut self, c: &Constraint, status: Status) {
        let e = self.entries.entry((c.kind.clone(), status)).or_default();
        e.count += 1;
        e.weights.insert(format!("{}", c.weight));
    }
    /// Hard constraints (100%, active) not carried.
    pub fn unsupported_hard(&self) -> usize {
        self.entries
            .iter()
            .filter(|((_, s), e)| *s == Status::NotCarried && e.weights.contains("100"))
            .map(|(_, e)| e.count)
            .sum()
    }
    /// The account as Markdown (`IMPORT.md`).
    pub fn markdown(&self, file: &str) -> String {
        let mut t = format!(
            "# Imported from FET: {file}\n\n{} active activities as {} courses ({} activities left out: \
             inactive, or with neither teachers nor students); {} pupils.\n\n",
            self.activities, self.courses, self.left_out, self.pupils
        );
        t += "Every constraint of the file, by kind and by what became of it. \"not carried\" means \
              tailor does not hold it: a timetable tailor makes may break it.\n\n";
        t += "| constraint | status | count | weight (%) |\n| --- | --- | --- | --- |\n";
        for ((kind, status), e) in &self.entries {
            t += &format!(
                "| {kind} | {} | {} | {} |\n",
                status.text(),
                e.count,
                e.weights.iter().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        if self.distinct_days_added > 0 {
            t += &format!(
                "\n{} activities with an hour longer than one and no min-days rule between their \
                 parts meet on distinct days (a `pattern` in tailor puts its runs on distinct days).\n",
                self.distinct_days_added
            );
        }
        if self.blocks > 0 {
            t += &format!(
                "\n{} blocks (`[[scheme]]` with `apart = false` in school.toml, `block` in fixed.csv): \
                 activities that FET starts together, each block's classes meeting in the same slots.\n",
                self.blocks
            );
        }
        if self.capacities_raised > 0 {
            t += &format!(
                "\n{} rooms seat more in rooms.csv than in the file: as many as the most pupils of a \
                 class allowed in them. tailor's pupils are FET's smallest students sets, not heads; \
                 the rooms an activity may use were chosen by FET's own number of students.\n",
                self.capacities_raised
            );
        }
        if self.room_conflicts > 0 {
            t += &format!(
                "\n{} activities whose 100% room constraints together leave no room that seats them \
                 (FET cannot place them either) are given no room.\n",
                self.room_conflicts
            );
        }
        t += "\nStatuses: *carried* exactly; *carried, stricter*: a hard rule in tailor where FET's is \
              soft (below 100%) or weaker; *carried, looser*: the slots an activity may use, not \
              which of them it starts at, or min days above 1 kept as distinct days, or a daily \
              minimum that FET wants on every day kept on the days with lessons; *not carried*: \
              soft (below 100%) or a kind tailor has no rule for; *inactive*: inactive or of weight 0%, which FET ignores too.\n";
        t
    }
    /// The not-carried and approximated lines, for `tailor import fet`.
    pub fn text(&self) -> String {
        let mut t = String::new();
        if self.room_conflicts > 0 {
            t += &format!(
                "  {} activities have no room that keeps all their room constraints: given none\n",
                self.room_conflicts
            );
        }
        for ((kind, status), e) in &self.entries {
            if matches!(status, Status::Carried | Status::Inactive) {
                continue;
            }
            t += &format!(
                "  {}: {kind} x{} (weight {})\n",
                status.text(),
                e.count,
                e.weights.iter().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        t
    }
}

/// Makes a name legal as a day or period (no `:`, `;`, `,`) and distinct from those before.
fn legal(name: &str, seen: &mut BTreeSet<String>, fallback: String, id_only: bool) -> String {
    let mut s: String = name
        .trim()
        .chars()
        .map(|c| match c {
            ';' => '_',
            ':' if !id_only => '.',
            ',' if !id_only => '_',
            c => c,
        })
        .collect();
    if s.is_empty() {
        s = fallback;
    }
    let mut out = s.clone();
    let mut k = 2;
    while !seen.insert(out.clone()) {
        out = format!("{s}~{k}");
        k += 1;
    }
    out
}

/// The preferred-room constraints on an activity: all of them hard, or one soft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Preferred {
    Hard,
    Soft,
}

/// The tailor names of a FET file's days, hours, teachers and rooms (the same on import and
/// export).
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Day names.
    pub days: Vec<String>,
    /// Period names.
    pub hours: Vec<String>,
    /// Staff ids by teacher name.
    pub teachers: HashMap<String, String>,
    /// Room ids by room name.
    pub rooms: HashMap<String, String>,
}

impl Names {
    /// The names of `fet`.
    pub fn of(fet: &Fet) -> Self {
        let mut seen = BTreeSet::new();
        let days = fet
            .days
            .iter()
            .enumerate()
            .map(|(i, d)| legal(d, &mut seen, format!("D{}", i + 1), false))
            .collect();
        let mut seen = BTreeSet::new();
        let hours = fet
            .hours
            .iter()
            .enumerate()
            .map(|(i, h)| legal(h, &mut seen, format!("H{}", i + 1), false))
            .collect();
        let distinct = |names: Vec<&String>, prefix: &str| {
            let mut seen = BTreeSet::new();
            let mut map = HashMap::new();
            for (i, t) in names.into_iter().enumerate() {
                if !map.contains_key(t) {
                    let id = legal(t, &mut seen, format!("{prefix}{}", i + 1), true);
                    map.insert(t.clone(), id);
                }
            }
            map
        };
        let teachers = distinct(fet.teachers.iter().collect(), "T");
        let rooms = distinct(fet.rooms.iter().map(|r| &r.name).collect(), "R");
        Names {
            days,
            hours,
            teachers,
            rooms,
        }
    }
}

/// The activities FET timetables as tailor courses: each activity group (a split activity's
/// sub-activities, or one activity) whose activities keep one teachers, students, subject and
/// tags is one course `A<first id>`; a group whose sub-activities were changed one by one is a
/// course per kind of its sub-activities. In file order of their first activity; only
/// activities `keep` says.
pub fn activity_groups(
    fet: &Fet,
    keep: impl Fn(&Activity) -> bool,
) -> Vec<(String, Vec<&Activity>)> {
    let mut groups: Vec<(String, Vec<&Activity>)> = Vec::new();
    let pins = time_pins(fet);
    let unpinned = Pins::new();
    /// Group id, teachers, subject, students, tags, hard time pins.
    type Key<'a> = (
        u32,
        &'a [String],
        &'a str,
        &'a [String],
        &'a [String],
        &'a Pins,
    );
    let mut pos: HashMap<Key, usize> = HashMap::new();
    for a in fet.activities.iter().filter(|a| keep(a)) {
        let key = (
            group_of(a),
            &a.teachers[..],
            a.subject.as_str(),
            &a.students[..],
            &a.tags[..],
            pins.get(&a.id).unwrap_or(&unpinned),
        );
        let at = *pos.entry(key).or_insert_with(|| {
            groups.push((format!("A{}", a.id), Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(a);
    }
    groups
}

/// The hard time rules on one activity: per rule, whether it lists starts (else slots) and its
/// times, sorted.
type Pins = BTreeSet<(bool, Vec<Time>)>;

/// Per activity, the hard preferred starting times and time slots on it (by id, by filter and
/// by component: `ConstraintActivity…`, `ConstraintActivities…`, `ConstraintSubactivities…`).
/// Sub-activities of one split with different pins become courses of their own, each keeping
/// its own times exactly (a split whose component 1 must be in the morning: that component is
/// one course, the rest another).
fn time_pins(fet: &Fet) -> HashMap<u32, Pins> {
    let atoms = super::rules::atoms(fet);
    let of = |sets: &[String]| -> BTreeSet<&str> {
        sets.iter()
            .flat_map(|s| atoms.get(s.as_str()).into_iter().flatten().copied())
            .collect()
    };
    let shares = |set: &str, sets: &[String]| !of(&[set.to_owned()]).is_disjoint(&of(sets));
    let mut pins: HashMap<u32, Pins> = HashMap::new();
    let sorted = |t: &[Time]| {
        let mut t = t.to_vec();
        t.sort();
        t.dedup();
        t
    };
    for c in fet.time.iter().filter(|c| c.active && c.is_hard()) {
        match &c.rule {
            Rule::ActivityStarts(id, t) | Rule::ActivitySlots(id, t) => {
                let starts = matches!(c.rule, Rule::ActivityStarts(..));
                pins.entry(*id).or_default().insert((starts, sorted(t)));
            }
            Rule::ActivitiesStarts(f, t) | Rule::ActivitiesSlots(f, t) => {
                let starts = matches!(c.rule, Rule::ActivitiesStarts(..));
                let t = sorted(t);
                for a in fet.activities.iter().filter(|a| f.matches(a, shares)) {
                    pins.entry(a.id).or_default().insert((starts, t.clone()));
                }
            }
            _ => {}
        }
    }
    pins
}

/// The hard, active `ConstraintTwoActivitiesConsecutive` (ordered: `true`) and
/// `Two/ThreeActivitiesGrouped` rules of a file that no same-start rule touches, by activity.
pub struct Links {
    /// Per rule: its activities, and whether their order is given.
    rules: Vec<(Vec<u32>, bool)>,
    /// Per activity, its rules.
    of: HashMap<u32, Vec<usize>>,
}

impl Links {
    /// The links of `fet`.
    pub fn of(fet: &Fet) -> Self {
        let hard = || fet.time.iter().filter(|c| c.active && c.is_hard());
        let tied: BTreeSet<u32> = hard()
            .filter_map(|c| match &c.rule {
                Rule::SameStart(ids) => Some(ids.iter().copied()),
                _ => None,
            })
            .flatten()
            .collect();
        let mut rules = Vec::new();
        let mut of: HashMap<u32, Vec<usize>> = HashMap::new();
        for c in hard() {
            let Some((ids, ordered)) = c.rule.joined() else {
                continue;
            };
            if ids.iter().any(|i| tied.contains(i)) {
                continue;
            }
            for i in &ids {
                of.entry(*i).or_default().push(rules.len());
            }
            rules.push((ids, ordered));
        }
        Links { rules, of }
    }

    /// The runs of one course's sub-activities `subs`: those the rules join (every activity of
    /// a rule in `subs`, a run at most a day long) meet as one run, in the order the rules give
    /// (the first of a consecutive pair before the second, else file order); every other
    /// sub-activity is a run of its own. In order of each run's first sub-activity.
    pub fn runs<'a>(&self, subs: &[&'a Activity], hours: usize) -> Vec<Vec<&'a Activity>> {
        let pos: HashMap<u32, usize> = subs.iter().enumerate().map(|(k, a)| (a.id, k)).collect();
        let mut parent: Vec<usize> = (0..subs.len()).collect();
        let mut length: Vec<usize> = subs.iter().map(|a| a.duration as usize).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        let mut before: Vec<(usize, usize)> = Vec::new();
        let mut seen = BTreeSet::new();
        for a in subs {
            for &r in self.of.get(&a.id).into_iter().flatten() {
                if !seen.insert(r) {
                    continue;
                }
                let (ids, ordered) = &self.rules[r];
                let Some(ks) = ids
                    .iter()
                    .map(|i| pos.get(i).copied())
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                let mut roots: Vec<usize> = ks.iter().map(|&k| root(&mut parent, k)).collect();
                roots.sort_unstable();
                roots.dedup();
                let total: usize = roots.iter().map(|&x| length[x]).sum();
                if total > hours {
                    continue;
                }
                for &x in &roots[1..] {
                    parent[x] = roots[0];
                }
                length[roots[0]] = total;
                if *ordered {
                    before.push((ks[0], ks[1]));
                }
            }
        }
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for k in 0..subs.len() {
            let r = root(&mut parent, k);
            members.entry(r).or_default().push(k);
        }
        let mut runs: Vec<Vec<&'a Activity>> = members
            .into_values()
            .map(|mut left| {
                // Topological by `before`, ties (and any cycle) by file order.
                let mut run = Vec::new();
                while !left.is_empty() {
                    let free = left
                        .iter()
                        .position(|&k| !before.iter().any(|&(x, y)| y == k && left.contains(&x)))
                        .unwrap_or(0);
                    run.push(subs[left.remove(free)]);
                }
                run
            })
            .collect();
        runs.sort_by_key(|r| pos[&r[0].id]);
        runs
    }
}

/// Whether group `from` comes after group `to`, directly or through others, by `after_of`.
fn reaches(after_of: &[BTreeSet<usize>], from: usize, to: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(g) = stack.pop() {
        if g == to {
            return true;
        }
        if seen.insert(g) {
            stack.extend(after_of[g].iter().copied());
        }
    }
    false
}

/// The group key of an activity: its group id, or its own id when not split.
pub fn group_of(a: &Activity) -> u32 {
    if a.group == 0 {
        a.id
    } else {
        a.group
    }
}

/// The most blocks one scheme may hold (school.toml's limit).
const MAX_SCHEME_BLOCKS: usize = 64;

/// Activity groups that start together, as blocks.
#[derive(Debug, Default)]
struct SameStart {
    /// Per block: its activity groups (indices into the groups), in order.
    blocks: Vec<Vec<usize>>,
    /// Per block: its scheme (index into `schemes`).
    scheme_of: Vec<usize>,
    /// Per scheme: its stages.
    schemes: Vec<Vec<String>>,
    /// Per constraint (index into the file's constraints): its status, for the hard active
    /// same-start constraints.
    status: HashMap<usize, Status>,
}

/// Finds the blocks of 100% `ConstraintActivitiesSameStartingTime`: the constraints joined by
/// the activity groups they touch make a component; it is a block when every constraint of it
/// holds exactly one part of each of its groups, all of one duration, every part of each group
/// is in exactly one of its constraints, and no two groups share a teacher or students (which
/// FET could not place at once either). Blocks are put in schemes by the stages they join, at
/// most [`MAX_SCHEME_BLOCKS`] per scheme. The constraints of a block are carried; those of
/// any other component are not.
fn same_start_blocks(
    constraints: &[&Constraint],
    groups: &[(String, Vec<&Activity>)],
    act_pos: &HashMap<u32, usize>,
    group_atoms: &[BTreeSet<usize>],
    group_stage: &[String],
) -> SameStart {
    let mut out = SameStart::default();
    let duration: HashMap<u32, u32> = groups
        .iter()
        .flat_map(|(_, subs)| subs.iter().map(|a| (a.id, a.duration)))
        .collect();
    let mut ties: Vec<(usize, Vec<u32>)> = Vec::new();
    for (ci, c) in constraints.iter().enumerate() {
        let Rule::SameStart(ids) = &c.rule else {
            continue;
        };
        if !c.active || c.weight == 0.0 || !c.is_hard() {
            continue;
        }
        let mut present: Vec<u32> = ids
            .iter()
            .copied()
            .filter(|i| act_pos.contains_key(i))
            .collect();
        present.dedup();
        match present.len() {
            0 => {
                out.status.insert(ci, Status::Inactive);
            }
            1 => {
                out.status.insert(ci, Status::Carried);
            }
            _ => ties.push((ci, present)),
        }
    }
    // Components of groups joined by a constraint.
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (_, ids) in &ties {
        let first = act_pos[&ids[0]];
        for i in &ids[1..] {
            let (a, b) = (find(&mut parent, first), find(&mut parent, act_pos[i]));
            parent[a] = b;
        }
    }
    let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, (_, ids)) in ties.iter().enumerate() {
        let root = find(&mut parent, act_pos[&ids[0]]);
        comps.entry(root).or_default().push(k);
    }
    let mut good: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for ks in comps.values() {
        let members: BTreeSet<usize> = ks
            .iter()
            .flat_map(|&k| ties[k].1.iter().map(|i| act_pos[i]))
            .collect();
        let mut seen: BTreeSet<u32> = BTreeSet::new();
        let mut ok = ks.iter().all(|&k| {
            let ids = &ties[k].1;
            let gs: BTreeSet<usize> = ids.iter().map(|i| act_pos[i]).collect();
            let d = duration[&ids[0]];
            gs.len() == ids.len()
                && gs == members
                && ids.iter().all(|i| duration[i] == d && seen.insert(*i))
        });
        ok &= members
            .iter()
            .all(|&g| groups[g].1.iter().all(|a| seen.contains(&a.id)));
        let mut teachers: BTreeSet<&str> = BTreeSet::new();
        let mut atoms: BTreeSet<usize> = BTreeSet::new();
        for &g in &members {
            for t in &groups[g].1[0].teachers {
                ok &= teachers.insert(t);
            }
            ok &= group_atoms[g].is_disjoint(&atoms);
            atoms.extend(group_atoms[g].iter().copied());
        }
        if ok {
            good.push((members.into_iter().collect(), ks.clone()));
        } else {
            for &k in ks {
                out.status.insert(ties[k].0, Status::NotCarried);
            }
        }
    }
    // Schemes: blocks joined by their stages; at most MAX_SCHEME_BLOCKS each.
    let schemes_of = |blocks: &[&(Vec<usize>, Vec<usize>)]| {
        let mut names: Vec<&str> = Vec::new();
        let mut parent: Vec<usize> = Vec::new();
        let mut stage_of_block: Vec<Vec<usize>> = Vec::new();
        for (gs, _) in blocks.iter().copied() {
            let mut own = Vec::new();
            for &g in gs {
                let s = group_stage[g].as_str();
                let at = match names.iter().position(|x| *x == s) {
                    Some(at) => at,
                    None => {
                        names.push(s);
                        parent.push(parent.len());
                        names.len() - 1
                    }
                };
                own.push(at);
            }
            for &x in &own[1..] {
                let (a, b) = (find(&mut parent, own[0]), find(&mut parent, x));
                parent[a] = b;
            }
            stage_of_block.push(own);
        }
        let roots: Vec<usize> = stage_of_block
            .iter()
            .map(|own| find(&mut parent, own[0]))
            .collect();
        let mut stages: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for (s, name) in names.iter().enumerate() {
            let r = find(&mut parent, s);
            stages.entry(r).or_default().insert((*name).to_owned());
        }
        (roots, stages)
    };
    let all: Vec<&(Vec<usize>, Vec<usize>)> = good.iter().collect();
    let (roots, _) = schemes_of(&all);
    let mut per_root: HashMap<usize, usize> = HashMap::new();
    let mut kept = Vec::new();
    for (b, r) in good.iter().zip(&roots) {
        let n = per_root.entry(*r).or_default();
        *n += 1;
        if *n <= MAX_SCHEME_BLOCKS {
            kept.push(b);
        } else {
            for &k in &b.1 {
                out.status.insert(ties[k].0, Status::NotCarried);
            }
        }
    }
    let (roots, stages) = schemes_of(&kept);
    let scheme_index: BTreeMap<usize, usize> =
        stages.keys().enumerate().map(|(i, r)| (*r, i)).collect();
    out.schemes = stages
        .values()
        .map(|s| s.iter().cloned().collect())
        .collect();
    for (b, r) in kept.iter().zip(&roots) {
        out.blocks.push(b.0.clone());
        out.scheme_of.push(scheme_index[r]);
        for &k in &b.1 {
            out.status.insert(ties[k].0, Status::Carried);
        }
    }
    out
}

struct Ctx<'a> {
    fet: &'a Fet,
    file: &'a str,
    slots: usize,
    errors: Vec<InputError>,
    /// Atoms of each students set name.
    atoms_of: HashMap<String, BTreeSet<usize>>,
}

impl Ctx<'_> {
    fn time(&mut self, c: &Constraint, t: &Time) -> Option<usize> {
        let d = self.fet.days.iter().position(|x| *x == t.0);
        let h = self.fet.hours.iter().position(|x| *x == t.1);
        match (d, h) {
            (Some(d), Some(h)) => Some(d * self.fet.hours.len() + h),
            _ => {
                self.errors.push(InputError::new(
                    Place::new(self.file, Some(c.line), Some(&c.kind)),
                    format!(
                        "expected a day of Days_List and an hour of Hours_List, found {:?} {:?}",
                        t.0, t.1
                    ),
                ));
                None
            }
        }
    }
    fn set(&mut self, c: &Constraint, times: &[Time]) -> Vec<bool> {
        let mut v = vec![false; self.slots];
        for t in times {
            if let Some(s) = self.time(c, t) {
                v[s] = true;
            }
        }
        v
    }
    fn atoms(&self, sets: &[String]) -> BTreeSet<usize> {
        sets.iter()
            .flat_map(|s| self.atoms_of.get(s).into_iter().flatten().copied())
            .collect()
    }
    fn matches(&self, f: &Filter, a: &Activity) -> bool {
        f.matches(a, |set, sets| {
            !self.atoms(&[set.to_owned()]).is_disjoint(&self.atoms(sets))
        })
    }
}

/// An atomic students set: its name, year and tutor group.
struct Atom {
    name: String,
    year: String,
    group: String,
}

/// The scenario of a FET file called `name`, and what became of each constraint.
pub fn import(fet: &Fet, file: &str, name: &str) -> Result<(RawScenario, Account), InputErrors> {
    let names = Names::of(fet);
    let (nd, nh) = (fet.days.len(), fet.hours.len());
    let slots = nd * nh;
    let mut account = Account::default();
    if slots > 256 {
        return Err(InputErrors(vec![InputError::new(
            Place::new(file, None, Some("Days_List")),
            format!("expected a week of at most 256 slots, found {nd} days x {nh} hours"),
        )]));
    }
    // Atomic students sets.
    let mut atoms: Vec<Atom> = Vec::new();
    let mut atom_index: HashMap<String, usize> = HashMap::new();
    let mut atoms_of: HashMap<String, BTreeSet<usize>> = HashMap::new();
    let mut atom = |n: &str, year: &str, group: &str, atoms: &mut Vec<Atom>| {
        *atom_index.entry(n.to_owned()).or_insert_with(|| {
            atoms.push(Atom {
                name: n.to_owned(),
                year: year.to_owned(),
                group: group.to_owned(),
            });
            atoms.len() - 1
        })
    };
    for y in &fet.years {
        let mut of_year = BTreeSet::new();
        if y.groups.is_empty() {
            of_year.insert(atom(&y.set.name, &y.set.name, &y.set.name, &mut atoms));
        }
        for g in &y.groups {
            let mut of_group = BTreeSet::new();
            if g.subgroups.is_empty() {
                of_group.insert(atom(&g.set.name, &y.set.name, &g.set.name, &mut atoms));
            }
            for s in &g.subgroups {
                let a = atom(&s.name, &y.set.name, &g.set.name, &mut atoms);
                of_group.insert(a);
                atoms_of.entry(s.name.clone()).or_default().insert(a);
            }
            of_year.extend(of_group.iter().copied());
            atoms_of
                .entry(g.set.name.clone())
                .or_default()
                .extend(of_group);
        }
        atoms_of
            .entry(y.set.name.clone())
            .or_default()
            .extend(of_year);
    }
    let mut cx = Ctx {
        fet,
        file,
        slots,
        errors: Vec::new(),
        atoms_of,
    };
    for a in &fet.activities {
        if !a.active || (a.teachers.is_empty() && cx.atoms(&a.students).is_empty()) {
            account.left_out += 1;
        } else {
            account.activities += 1;
        }
    }
    let groups: Vec<(String, Vec<&Activity>)> = activity_groups(fet, |a| {
        a.active && !(a.teachers.is_empty() && cx.atoms(&a.students).is_empty())
    });
    let act_pos: HashMap<u32, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, (_, subs))| subs.iter().map(move |a| (a.id, g)))
        .collect();
    let ng = groups.len();
    // Per group, its runs: sub-activities joined by consecutive and grouped rules are one.
    let links = Links::of(fet);
    let group_runs: Vec<Vec<Vec<&Activity>>> = groups
        .iter()
        .map(|(_, subs)| links.runs(subs, nh))
        .collect();
    let run_of: HashMap<u32, (usize, usize)> = group_runs
        .iter()
        .enumerate()
        .flat_map(|(g, runs)| {
            runs.iter()
                .enumerate()
                .flat_map(move |(k, r)| r.iter().map(move |a| (a.id, (g, k))))
        })
        .collect();
    let mut allowed = vec![vec![true; slots]; ng];
    // Per group, the groups every meeting of it comes after (`ConstraintTwoActivitiesOrdered`).
    let mut after_of: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); ng];
    // Per sub-activity restrictions (activity id -> slots it may cover).
    let mut sub_allowed: HashMap<u32, Vec<bool>> = HashMap::new();
    let mut pattern_wanted = vec![false; ng];
    // Groups whose meetings keep days apart, and how many (hard min days beyond a split's own).
    let mut apart_rules: BTreeSet<(Vec<usize>, u32)> = BTreeSet::new();
    let mut room_sets: Vec<Option<BTreeSet<String>>> = vec![None; ng];
    let mut room_conflict = vec![false; ng];
    let mut home_sets: Vec<Option<BTreeSet<String>>> = vec![None; ng];
    // Narrows a room set by `want` (the first constraint sets it).
    let narrow = |set: &mut Option<BTreeSet<String>>, want: BTreeSet<String>| {
        *set = Some(match set.take() {
            Some(have) => have.intersection(&want).cloned().collect(),
            None => want,
        });
    };
    // The rooms of a list that the file has.
    let known = |rooms: &[String]| -> BTreeSet<String> {
        rooms
            .iter()
            .filter(|r| fet.rooms.iter().any(|x| &x.name == *r))
            .cloned()
            .collect()
    };
    let mut teacher_na: HashMap<String, Vec<bool>> = HashMap::new();
    let mut room_na: HashMap<String, Vec<bool>> = HashMap::new();
    let group_atoms: Vec<BTreeSet<usize>> = groups
        .iter()
        .map(|(_, subs)| cx.atoms(&subs[0].students))
        .collect();
    let group_stage: Vec<String> = group_atoms
        .iter()
        .map(|g| {
            g.iter().next().map_or_else(
                || "teachers".to_owned(),
                |a| legal(&atoms[*a].year, &mut BTreeSet::new(), "Y".into(), true),
            )
        })
        .collect();
    let and_not = |a: &mut Vec<bool>, b: &[bool]| {
        for (x, y) in a.iter_mut().zip(b) {
            *x &= !*y;
        }
    };
    // Starts of `starts` covering `d` hours, as slots a run may use.
    let cover = |starts: &[bool], d: u32| {
        let mut v = vec![false; slots];
        for (s, _) in starts.iter().enumerate().filter(|(_, on)| **on) {
            let h = s % nh;
            if h + d as usize <= nh {
                for k in 0..d as usize {
                    v[s + k] = true;
                }
            }
        }
        v
    };
    let fet_constraints: Vec<&Constraint> = fet.time.iter().chain(&fet.space).collect();
    // Per group, the preferred-room constraints (active, weight above 0) on any of its
    // activities: soft when one is below 100%. Preferred rooms override home rooms.
    let preferred: Vec<Option<Preferred>> = groups
        .iter()
        .map(|(_, subs)| {
            let on = fet_constraints.iter().filter(|c| {
                c.active
                    && c.weight > 0.0
                    && subs.iter().any(|s| c.rule.preferred_rooms(s).is_some())
            });
            on.fold(None, |acc, c| match (acc, c.is_hard()) {
                (Some(Preferred::Soft), _) | (_, false) => Some(Preferred::Soft),
                _ => Some(Preferred::Hard),
            })
        })
        .collect();
    let same = same_start_blocks(
        &fet_constraints,
        &groups,
        &act_pos,
        &group_atoms,
        &group_stage,
    );
    let mut block_of: Vec<Option<usize>> = vec![None; ng];
    for (b, gs) in same.blocks.iter().enumerate() {
        for &g in gs {
            block_of[g] = Some(b);
        }
    }
    account.blocks = same.blocks.len();
    // Limits on people's weeks: every teacher's, per teacher, per atomic students set.
    let mut all_teachers = Limits::default();
    let mut teacher_limits: HashMap<String, Limits> = HashMap::new();
    let mut atom_limits: Vec<Limits> = vec![Limits::default(); atoms.len()];
    let mut closed = vec![false; slots];
    // Groups that may not overlap (`ConstraintActivitiesNotOverlapping`), per constraint.
    let mut not_overlapping: BTreeSet<Vec<usize>> = BTreeSet::new();
    let students_away = fet_constraints
        .iter()
        .any(|c| c.active && c.is_hard() && matches!(c.rule, Rule::StudentsNotAvailable(..)));
    for (ci, c) in fet_constraints.iter().enumerate() {
        if !c.active || c.weight == 0.0 {
            account.add(c, Status::Inactive);
            continue;
        }
        let hard = c.is_hard();
        let status = match &c.rule {
            Rule::Basic => Status::Carried,
            Rule::MinDays(ids, days) => {
                // Activities listed, per group.
                let mut listed: BTreeMap<usize, usize> = BTreeMap::new();
                for g in ids.iter().filter_map(|i| act_pos.get(i)) {
                    *listed.entry(*g).or_default() += 1;
                }
                let full = listed.iter().all(|(&g, &n)| n == groups[g].1.len());
                // One split made several courses by its pins (a soft rule is then kept as one
                // split's is: days apart, made hard).
                let one_split = listed.len() > 1 && {
                    let mut of = listed.keys().map(|&g| group_of(groups[g].1[0]));
                    let first = of.next();
                    of.all(|x| Some(x) == first)
                };
                let d = *days as usize;
                match listed.keys().next() {
                    None => Status::Inactive,
                    _ if d == 0 => Status::NotCarried,
                    // The sub-activities of one split, all of them: runs on distinct days.
                    Some(&g)
                        if listed.len() == 1 && full && ids.len() >= 2 && (d == 1 || !hard) =>
                    {
                        pattern_wanted[g] = true;
                        if d > 1 {
                            Status::Looser
                        } else if hard {
                            Status::Carried
                        } else {
                            Status::Stricter
                        }
                    }
                    _ if !(hard || one_split && full) => Status::NotCarried,
                    // Otherwise a `[[rules.apart]]` over the whole groups (stricter where only
                    // some activities of a group are listed), where the week can hold it.
                    _ => {
                        let gs: Vec<usize> = listed.keys().copied().collect();
                        let (d, apart_days) = if hard { (d, *days) } else { (1, 1) };
                        let fits = d < nd
                            && gs.iter().all(|&g| (groups[g].1.len() - 1) * d < nd)
                            && gs.iter().enumerate().all(|(k, &g)| {
                                block_of[g].is_none()
                                    || gs[k + 1..].iter().all(|&h| block_of[h] != block_of[g])
                            });
                        if !fits {
                            Status::NotCarried
                        } else {
                            for &g in gs.iter().filter(|&&g| groups[g].1.len() > 1) {
                                pattern_wanted[g] = true;
                            }
                            apart_rules.insert((gs, apart_days));
                            if !hard && *days > 1 {
                                Status::Looser
                            } else if !hard {
                                Status::Stricter
                            } else if full {
                                Status::Carried
                            } else {
                                Status::Stricter
                            }
                        }
                    }
                }
            }
            _ if !hard => Status::NotCarried,
            Rule::Breaks(times) => {
                let b = cx.set(c, times);
                for a in &mut allowed {
                    and_not(a, &b);
                }
                // Closed: no gap, as in FET.
                for (x, y) in closed.iter_mut().zip(&b) {
                    *x |= *y;
                }
                Status::Carried
            }
            Rule::MaxDays(whom, n)
            | Rule::MaxGaps(whom, n)
            | Rule::MaxDaily(whom, n)
            | Rule::MinDaily(whom, n, _)
            | Rule::MaxRun(whom, n)
            | Rule::MaxGapsDaily(whom, n)
            | Rule::EarlyStarts(whom, n) => {
                let n = Some(*n);
                let one = match &c.rule {
                    Rule::MaxGapsDaily(..) => Limits {
                        max_gaps_daily: n.map(|n| n.min(nh as u32)),
                        ..Limits::default()
                    },
                    Rule::EarlyStarts(..) => Limits {
                        max_late_starts: n.map(|n| n.min(nd as u32)),
                        ..Limits::default()
                    },
                    Rule::MinDaily(..) => Limits {
                        min_daily: n.map(|n| n.min(nh as u32)),
                        ..Limits::default()
                    },
                    Rule::MaxRun(..) => Limits {
                        max_run: n.map(|n| n.min(nh as u32)),
                        ..Limits::default()
                    },
                    Rule::MaxDays(..) => Limits {
                        max_days: n.map(|n| n.min(nd as u32)),
                        ..Limits::default()
                    },
                    Rule::MaxGaps(..) => Limits {
                        max_gaps: n,
                        ..Limits::default()
                    },
                    _ => Limits {
                        max_daily: n.map(|n| n.min(nh as u32)),
                        ..Limits::default()
                    },
                };
                let students = matches!(whom, Whom::Students | Whom::Set(_));
                match whom {
                    Whom::Teachers => all_teachers = all_teachers.stricter(one),
                    Whom::Teacher(t) => {
                        let e = teacher_limits.entry(t.clone()).or_default();
                        *e = e.stricter(one);
                    }
                    Whom::Students => atom_limits.iter_mut().for_each(|l| *l = l.stricter(one)),
                    Whom::Set(s) => {
                        for a in cx.atoms(std::slice::from_ref(s)) {
                            atom_limits[a] = atom_limits[a].stricter(one);
                        }
                    }
                }
                // A students set's not-available slots count as its gaps (and as open periods
                // before a late start) in tailor, not in FET.
                if students
                    && students_away
                    && (one.max_gaps.is_some()
                        || one.max_gaps_daily.is_some()
                        || one.max_late_starts.is_some())
                {
                    Status::Stricter
                } else if matches!(c.rule, Rule::MinDaily(_, _, false)) {
                    // FET wants the minimum on every day; tailor lets a day be free.
                    Status::Looser
                } else {
                    Status::Carried
                }
            }
            Rule::TeacherNotAvailable(t, times) => {
                let na = cx.set(c, times);
                for (g, (_, subs)) in groups.iter().enumerate() {
                    if subs[0].teachers.contains(t) {
                        and_not(&mut allowed[g], &na);
                    }
                }
                let e = teacher_na
                    .entry(t.clone())
                    .or_insert_with(|| vec![false; slots]);
                for (x, y) in e.iter_mut().zip(&na) {
                    *x |= *y;
                }
                Status::Carried
            }
            Rule::StudentsNotAvailable(s, times) => {
                let na = cx.set(c, times);
                let set = cx.atoms(std::slice::from_ref(s));
                for g in 0..ng {
                    if !group_atoms[g].is_disjoint(&set) {
                        and_not(&mut allowed[g], &na);
                    }
                }
                Status::Carried
            }
            Rule::RoomNotAvailable(r, times) => {
                let na = cx.set(c, times);
                let e = room_na
                    .entry(r.clone())
                    .or_insert_with(|| vec![false; slots]);
                for (x, y) in e.iter_mut().zip(&na) {
                    *x |= *y;
                }
                Status::Carried
            }
            Rule::ActivityStarts(..)
            | Rule::ActivitySlots(..)
            | Rule::ActivitiesStarts(..)
            | Rule::ActivitiesSlots(..) => {
                let (matched, times, starts): (Vec<&Activity>, &Vec<Time>, bool) = match &c.rule {
                    Rule::ActivityStarts(id, t) | Rule::ActivitySlots(id, t) => (
                        fet.activities
                            .iter()
                            .filter(|a| a.id == *id && act_pos.contains_key(&a.id))
                            .collect(),
                        t,
                        matches!(c.rule, Rule::ActivityStarts(..)),
                    ),
                    Rule::ActivitiesStarts(f, t) | Rule::ActivitiesSlots(f, t) => (
                        groups
                            .iter()
                            .flat_map(|(_, subs)| subs.iter().copied())
                            .filter(|a| cx.matches(f, a))
                            .collect(),
                        t,
                        matches!(c.rule, Rule::ActivitiesStarts(..)),
                    ),
                    _ => unreachable!("matched above"),
                };
                let set = cx.set(c, times);
                let one_start = times.len() == 1;
                let mut exact = true;
                let ids: BTreeSet<u32> = matched.iter().map(|a| a.id).collect();
                for a in &matched {
                    let g = act_pos[&a.id];
                    let v = if starts {
                        cover(&set, a.duration)
                    } else {
                        set.clone()
                    };
                    let e = sub_allowed.entry(a.id).or_insert_with(|| vec![true; slots]);
                    for (x, y) in e.iter_mut().zip(&v) {
                        *x &= *y;
                    }
                    let whole = groups[g].1.iter().all(|s| ids.contains(&s.id));
                    let single = groups[g].1.len() == 1;
                    if !(whole && (!starts || a.duration == 1 || (single && one_start))) {
                        exact = false;
                    }
                }
                if matched.is_empty() {
                    Status::Inactive
                } else if exact {
                    Status::Carried
                } else {
                    Status::Looser
                }
            }
            Rule::ActivityRooms(..)
            | Rule::SubjectRooms(..)
            | Rule::TagRooms(..)
            | Rule::SubjectTagRooms(..) => {
                for (g, (_, subs)) in groups.iter().enumerate() {
                    // By activity: any sub-activity of the split; otherwise its first.
                    let Some(rooms) = subs.iter().find_map(|s| c.rule.preferred_rooms(s)) else {
                        continue;
                    };
                    narrow(&mut room_sets[g], known(rooms));
                    if room_sets[g].as_ref().is_some_and(BTreeSet::is_empty) {
                        room_conflict[g] = true;
                    }
                }
                Status::Carried
            }
            Rule::HomeRooms(home, rooms) => {
                // Applied after every preferred room is known: those override home rooms.
                let want = known(rooms);
                let mut exact = true;
                for (g, (_, subs)) in groups.iter().enumerate() {
                    if home.of(subs[0]) {
                        narrow(&mut home_sets[g], want.clone());
                        // A soft preferred room leaves FET the choice of either: neither held.
                        exact &= preferred[g] != Some(Preferred::Soft);
                    }
                }
                if exact {
                    Status::Carried
                } else {
                    Status::Looser
                }
            }
            Rule::SameStart(_) => same.status.get(&ci).copied().unwrap_or(Status::NotCarried),
            // Joined into one run of their course where all are of one course: in one room and
            // never across a break (FET allows both), so stricter.
            Rule::Consecutive(..) | Rule::Grouped(..) => {
                let (ids, _) = c.rule.joined().unwrap_or_default();
                let one = ids.iter().map(|i| run_of.get(i)).collect::<Vec<_>>();
                if one[0].is_some_and(|&(g, _)| group_runs[g].len() <= nd)
                    && one.iter().all(|x| *x == one[0])
                {
                    Status::Stricter
                } else {
                    Status::NotCarried
                }
            }
            // The second's course after the first's (`after` in courses.csv): exact for two
            // activities not split, else stricter (every meeting of one after every meeting of
            // the other). Not carried within one course, in a block, or against another order.
            Rule::Ordered(a, b) => match (act_pos.get(a), act_pos.get(b)) {
                (Some(&ga), Some(&gb))
                    if ga != gb
                        && block_of[ga].is_none()
                        && block_of[gb].is_none()
                        && !reaches(&after_of, ga, gb) =>
                {
                    after_of[gb].insert(ga);
                    if groups[ga].1.len() == 1 && groups[gb].1.len() == 1 {
                        Status::Carried
                    } else {
                        Status::Stricter
                    }
                }
                _ => Status::NotCarried,
            },
            // A pupil who attends every group listed: exact where each group is listed whole
            // (a group's activities never overlap one another), else stricter.
            Rule::NotOverlapping(ids) => {
                let mut listed: BTreeMap<usize, usize> = BTreeMap::new();
                for g in ids.iter().filter_map(|i| act_pos.get(i)) {
                    *listed.entry(*g).or_default() += 1;
                }
                if listed.len() > 1 {
                    not_overlapping.insert(listed.keys().copied().collect());
                }
                if listed.iter().all(|(&g, &n)| n == groups[g].1.len()) {
                    Status::Carried
                } else {
                    Status::Stricter
                }
            }
            Rule::Other => Status::NotCarried,
        };
        account.add(c, status);
    }
    // Home rooms, where no preferred room of any weight is on the activity (FET: preferred rooms
    // override home rooms; a soft one would leave the choice open, so home rooms are not held).
    for g in 0..ng {
        let Some(home) = home_sets[g].take() else {
            continue;
        };
        if preferred[g].is_some() {
            continue;
        }
        if home.is_empty() {
            room_conflict[g] = true;
        }
        room_sets[g] = Some(home);
    }
    // A room seats an activity when its capacity is FET's number of students of it: the sum of
    // the numbers of its students sets (as FET counts them).
    let mut own: HashMap<&str, u32> = HashMap::new();
    for y in &fet.years {
        own.insert(&y.set.name, y.set.students);
        for g in &y.groups {
            own.insert(&g.set.name, g.set.students);
            for sg in &g.subgroups {
                own.insert(&sg.name, sg.students);
            }
        }
    }
    for (g, (_, subs)) in groups.iter().enumerate() {
        let count: u32 = subs[0]
            .students
            .iter()
            .map(|s| own.get(s.as_str()).copied().unwrap_or(0))
            .sum();
        if let Some(set) = &mut room_sets[g] {
            set.retain(|r| {
                fet.rooms
                    .iter()
                    .any(|x| &x.name == r && x.capacity >= count)
            });
            if set.is_empty() {
                room_conflict[g] = true;
            }
        }
    }
    for (g, (_, subs)) in groups.iter().enumerate() {
        // The union of what each sub-activity may cover.
        if subs.iter().any(|a| sub_allowed.contains_key(&a.id)) {
            let mut u = vec![false; slots];
            for a in subs {
                match sub_allowed.get(&a.id) {
                    Some(v) => {
                        for (x, y) in u.iter_mut().zip(v) {
                            *x |= *y;
                        }
                    }
                    None => u = vec![true; slots],
                }
            }
            for (x, y) in allowed[g].iter_mut().zip(&u) {
                *x &= *y;
            }
        }
    }
    // Pupils: per atom, then teachers who need one.
    let mut stages: Vec<String> = Vec::new();
    let mut seen_ids = BTreeSet::new();
    let mut pupils: Vec<RawPupil> = Vec::new();
    let mut atom_pupils: Vec<Vec<String>> = Vec::new();
    let mut stage_seen = BTreeSet::new();
    for (ak, a) in atoms.iter().enumerate() {
        let stage = legal(&a.year, &mut BTreeSet::new(), "Y".into(), true);
        if stage_seen.insert(stage.clone()) {
            stages.push(stage.clone());
        }
        let n = 1;
        let mut ids = Vec::new();
        for k in 1..=n {
            let base = if n == 1 {
                a.name.clone()
            } else {
                format!("{}#{k}", a.name)
            };
            let id = legal(&base, &mut seen_ids, format!("S{}", pupils.len() + 1), true);
            pupils.push(RawPupil {
                limits: atom_limits[ak],
                line: pupils.len() as u64 + 2,
                pupil: id.clone(),
                name: a.name.clone(),
                stage: stage.clone(),
                tutor_group: legal(&a.group, &mut BTreeSet::new(), "G".into(), true),
            });
            ids.push(id);
        }
        atom_pupils.push(ids);
    }
    let mut teacher_pupil: HashMap<String, String> = HashMap::new();
    let teacher_of = |t: &str| {
        teacher_limits
            .get(t)
            .copied()
            .unwrap_or_default()
            .stricter(all_teachers)
    };
    for (_, subs) in &groups {
        let a = subs[0];
        let needs: Vec<&String> = if cx.atoms(&a.students).is_empty() {
            a.teachers.iter().collect()
        } else {
            a.teachers.iter().skip(1).collect()
        };
        for t in needs {
            if !teacher_pupil.contains_key(t) {
                if stage_seen.insert("teachers".into()) {
                    stages.push("teachers".into());
                }
                let id = legal(
                    &format!("teacher:{t}"),
                    &mut seen_ids,
                    format!("S{}", pupils.len() + 1),
                    true,
                );
                // A teacher who attends as a pupil keeps their limits as that pupil: they
                // attend all their activities.
                pupils.push(RawPupil {
                    limits: teacher_of(t),
                    line: pupils.len() as u64 + 2,
                    pupil: id.clone(),
                    name: t.clone(),
                    stage: "teachers".into(),
                    tutor_group: "teachers".into(),
                });
                teacher_pupil.insert(t.clone(), id);
            }
        }
    }
    // Per group, the pupils who stand for its not-overlapping constraints: one attending every
    // group of a constraint, so that they never share a slot.
    let mut overlap_pupils: Vec<Vec<String>> = vec![Vec::new(); ng];
    for (k, gs) in not_overlapping.iter().enumerate() {
        if stage_seen.insert("teachers".into()) {
            stages.push("teachers".into());
        }
        let id = legal(
            &format!("not-overlapping:{}", k + 1),
            &mut seen_ids,
            format!("S{}", pupils.len() + 1),
            true,
        );
        pupils.push(RawPupil {
            limits: Limits::default(),
            line: pupils.len() as u64 + 2,
            pupil: id.clone(),
            name: format!("activities not overlapping {}", k + 1),
            stage: "teachers".into(),
            tutor_group: "not-overlapping".into(),
        });
        for &g in gs {
            overlap_pupils[g].push(id.clone());
        }
    }
    account.pupils = pupils.len();
    // Room sets as features.
    let mut feature_of: BTreeMap<BTreeSet<String>, String> = BTreeMap::new();
    for s in room_sets
        .iter()
        .zip(&room_conflict)
        .filter(|(_, c)| !**c)
        .filter_map(|(s, _)| s.as_ref())
    {
        let k = feature_of.len() + 1;
        feature_of
            .entry(s.clone())
            .or_insert_with(|| format!("rooms{k}"));
    }
    let slot_name = |s: usize| format!("{}:{}", names.days[s / nh], names.hours[s % nh]);
    let list = |v: &[bool]| -> Vec<String> {
        v.iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(s, _)| slot_name(s))
            .collect()
    };
    // A block is named after its first course.
    let block_name = |b: usize| format!("B{}", groups[same.blocks[b][0]].0);
    let mut block_pattern: Vec<Option<(u32, String)>> = vec![None; same.blocks.len()];
    let mut courses = Vec::new();
    let mut fixed = Vec::new();
    let mut teaches: HashMap<String, Vec<String>> = HashMap::new();
    let mut load: HashMap<String, u32> = HashMap::new();
    // Per room, the most imported pupils of a class that may meet in it.
    let mut seats: HashMap<&str, u32> = HashMap::new();
    for (g, (id, subs)) in groups.iter().enumerate() {
        let a = subs[0];
        let id = id.clone();
        let periods: u32 = subs.iter().map(|s| s.duration).sum();
        // The groups of a block meet at the same times: a min-days rule of one holds for all.
        let wanted = match block_of[g] {
            Some(b) => same.blocks[b].iter().any(|&m| pattern_wanted[m]),
            None => pattern_wanted[g],
        };
        let runs: Vec<u32> = group_runs[g]
            .iter()
            .map(|r| r.iter().map(|s| s.duration).sum())
            .collect();
        let mut pattern_on = wanted || runs.iter().any(|&d| d > 1);
        if pattern_on && runs.len() > nd {
            pattern_on = false;
        }
        if pattern_on && !wanted && runs.len() > 1 {
            account.distinct_days_added += 1;
        }
        let pattern = if pattern_on {
            let mut d: Vec<u32> = runs.clone();
            d.sort_unstable_by(|x, y| y.cmp(x));
            d.iter().map(u32::to_string).collect::<Vec<_>>().join("+")
        } else {
            String::new()
        };
        let mut members: Vec<String> = group_atoms[g]
            .iter()
            .flat_map(|x| atom_pupils[*x].iter().cloned())
            .collect();
        for t in &a.teachers {
            if let Some(p) = teacher_pupil.get(t) {
                members.push(p.clone());
            }
        }
        // They count in a room's capacity (raised where needed), as teachers who attend do.
        members.extend(overlap_pupils[g].iter().cloned());
        if room_conflict[g] {
            account.room_conflicts += 1;
        }
        let (room_type, features) = match (&room_sets[g], room_conflict[g]) {
            (Some(s), false) => {
                for r in s {
                    let n = seats.entry(r.as_str()).or_default();
                    *n = (*n).max(members.len() as u32);
                }
                ("room".to_owned(), vec![feature_of[s].clone()])
            }
            _ => ("none".to_owned(), Vec::new()),
        };
        let all = allowed[g].iter().all(|x| *x);
        let block = block_of[g].map(&block_name).unwrap_or_default();
        if let Some(b) = block_of[g] {
            if block_pattern[b].is_none() {
                block_pattern[b] = Some((periods, pattern.clone()));
            }
        }
        courses.push(RawCourse {
            line: courses.len() as u64 + 2,
            course: id.clone(),
            name: format!("{} {}", a.subject, a.students.join(" "))
                .trim()
                .to_owned(),
            kind: "fixed".into(),
            periods,
            min_size: 0,
            max_size: members.len().max(1) as u32,
            max_classes: 1,
            room_type,
            stages: vec![group_stage[g].clone()],
            features,
            allowed: if all { Vec::new() } else { list(&allowed[g]) },
            after: after_of[g].iter().map(|&h| groups[h].0.clone()).collect(),
            staffed: !a.teachers.is_empty(),
            pattern,
            split: String::new(),
            blocks: Vec::new(),
        });
        if let Some(t) = a.teachers.first() {
            let sid = names.teachers.get(t).cloned().unwrap_or_else(|| t.clone());
            teaches.entry(sid.clone()).or_default().push(id.clone());
            *load.entry(sid).or_default() += periods;
        }
        for p in members {
            fixed.push(RawFixed {
                line: fixed.len() as u64 + 2,
                class: id.clone(),
                course: id.clone(),
                pupil: p,
                block: block.clone(),
                staff: String::new(),
            });
        }
    }
    account.courses = courses.len();
    // Teachers named by activities but not in Teachers_List are staff too.
    let mut teacher_names: Vec<String> = Vec::new();
    for t in &fet.teachers {
        if !teacher_names.contains(t) {
            teacher_names.push(t.clone());
        }
    }
    for (_, subs) in &groups {
        if let Some(t) = subs[0].teachers.first() {
            if !teacher_names.contains(t) {
                teacher_names.push(t.clone());
            }
        }
    }
    let staff = teacher_names
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let sid = names.teachers.get(t).cloned().unwrap_or_else(|| t.clone());
            RawStaff {
                limits: if teacher_pupil.contains_key(t) {
                    Limits::default()
                } else {
                    teacher_of(t)
                },
                line: i as u64 + 2,
                name: t.clone(),
                max_periods: load.get(&sid).copied().unwrap_or(0),
                teaches: teaches.remove(&sid).unwrap_or_default(),
                unavailable: teacher_na.get(t).map(|v| list(v)).unwrap_or_default(),
                staff: sid,
            }
        })
        .collect();
    let mut room_seen = BTreeSet::new();
    let rooms = fet
        .rooms
        .iter()
        .filter(|r| room_seen.insert(r.name.clone()))
        .enumerate()
        .map(|(i, r)| RawRoom {
            line: i as u64 + 2,
            room: names.rooms[&r.name].clone(),
            capacity: {
                // FET's count chose the rooms; tailor counts its pupils (atomic sets).
                let need = seats.get(r.name.as_str()).copied().unwrap_or(0);
                if need > r.capacity {
                    account.capacities_raised += 1;
                }
                r.capacity.max(need).max(1)
            },
            room_type: "room".into(),
            unavailable: room_na.get(&r.name).map(|v| list(v)).unwrap_or_default(),
            features: feature_of
                .iter()
                .filter(|(s, _)| s.contains(&r.name))
                .map(|(_, f)| f.clone())
                .collect(),
        })
        .collect();
    if !cx.errors.is_empty() {
        return Err(InputErrors(cx.errors));
    }
    let mut school = SchoolFile::without_options(
        name,
        (!stages.is_empty()).then_some(stages),
        WeekFile {
            days: names.days.clone(),
            periods: names.hours.clone(),
            breaks: Vec::new(),
        },
    );
    school.rules.closed = list(&closed);
    school.rules.apart = apart_rules
        .iter()
        .map(|(gs, days)| ApartFile {
            courses: gs.iter().map(|&g| groups[g].0.clone()).collect(),
            days: *days,
        })
        .collect();
    school.schemes = same
        .schemes
        .iter()
        .enumerate()
        .map(|(k, stages)| {
            let members: Vec<usize> = (0..same.blocks.len())
                .filter(|&b| same.scheme_of[b] == k)
                .collect();
            let shape = |b: usize| block_pattern[b].clone().unwrap_or_default();
            SchemeFile {
                name: format!("fet{}", k + 1),
                stages: stages.clone(),
                blocks: members.iter().map(|&b| block_name(b)).collect(),
                periods: PerBlock::Each(members.iter().map(|&b| shape(b).0).collect()),
                pattern: Some(PerBlock::Each(
                    members.iter().map(|&b| shape(b).1).collect(),
                )),
                slots: BTreeMap::new(),
                apart: false,
            }
        })
        .collect();
    if !school.schemes.is_empty() {
        school.options = None;
    }
    Ok((
        RawScenario {
            school,
            courses,
            pupils,
            choices: Vec::new(),
            staff,
            rooms,
            fixed,
        },
        account,
    ))
}
