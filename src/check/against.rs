//! `tailor check --against OLD`: a re-solved solution against the solution it changed. The
//! rules read both folders by names ([`Named`]), the `changes.csv` the re-solve wrote, the
//! limits its `summary.json` records and the scenario's `locks.csv`.

use std::collections::{BTreeMap, BTreeSet};

use super::{Rule, Violation};
use crate::solution::changes::{diff, Change, Kind, Limits, Locks, Named};

/// Everything the rules of a re-solve read.
pub struct Against<'a> {
    /// The old solution.
    pub old: &'a Named,
    /// The new solution.
    pub new: &'a Named,
    /// The rows of its `changes.csv`.
    pub listed: &'a [Change],
    /// The limits it was asked to keep.
    pub limits: Limits,
    /// The scenario's locks.
    pub locks: &'a Locks,
}

/// Every violation of the re-solve rules, sorted.
pub fn check_against(a: &Against<'_>) -> Vec<Violation> {
    let mut out = changes_listed(a);
    out.extend(change_limit(a));
    out.extend(lock_kept(a));
    out.sort();
    out
}

fn cells(c: &Change) -> Vec<String> {
    vec![
        c.person.clone(),
        c.kind.as_str().to_owned(),
        c.before.clone(),
        c.after.clone(),
    ]
}

/// changes-listed: `changes.csv` lists exactly the difference between the two solutions: every
/// change once, and nothing else.
pub fn changes_listed(a: &Against<'_>) -> Vec<Violation> {
    let mut want: BTreeMap<&Change, i64> = BTreeMap::new();
    let truth = diff(a.old, a.new);
    for c in &truth {
        *want.entry(c).or_default() += 1;
    }
    for c in a.listed {
        *want.entry(c).or_default() -= 1;
    }
    let mut out = Vec::new();
    for (c, n) in want {
        if n > 0 {
            out.push(Violation::new(
                Rule::ChangesListed,
                cells(c),
                "a change between the two solutions that changes.csv does not list",
            ));
        } else if n < 0 {
            out.push(Violation::new(
                Rule::ChangesListed,
                cells(c),
                "changes.csv lists a change the two solutions do not show",
            ));
        }
    }
    out
}

/// change-limit: at most `max_changes` pupils (in both solutions) have a `class` change, and no
/// pupil more than `max_changes_per_pupil` of them.
pub fn change_limit(a: &Against<'_>) -> Vec<Violation> {
    let mut per: BTreeMap<&str, u32> = BTreeMap::new();
    for c in diff(a.old, a.new) {
        let both = a.old.pupils.contains_key(&c.person) && a.new.pupils.contains_key(&c.person);
        if !c.is_staff() && both && c.kind == Kind::Class {
            *per.entry(
                a.new
                    .pupils
                    .get_key_value(&c.person)
                    .map(|(k, _)| k.as_str())
                    .unwrap_or(""),
            )
            .or_default() += 1;
        }
    }
    let mut out = Vec::new();
    if let Some(n) = a.limits.max_changes {
        if per.len() as u32 > n {
            out.push(Violation::new(
                Rule::ChangeLimit,
                vec![],
                format!(
                    "{} pupils' classes changed; --max-changes allows {n}",
                    per.len()
                ),
            ));
        }
    }
    if let Some(k) = a.limits.max_changes_per_pupil {
        for (p, &m) in &per {
            if m > k {
                out.push(Violation::new(
                    Rule::ChangeLimit,
                    vec![(*p).to_owned()],
                    format!("{m} classes changed; --max-changes-per-pupil allows {k}"),
                ));
            }
        }
    }
    out
}

/// lock-kept: a locked class keeps its pupils and its meetings (slot, teacher, room); a locked
/// pupil keeps their classes and every meeting of them.
pub fn lock_kept(a: &Against<'_>) -> Vec<Violation> {
    let mut out = Vec::new();
    let pupils_of = |n: &Named, k: &str| -> BTreeSet<String> {
        n.pupils
            .iter()
            .filter(|(_, ks)| ks.contains(k))
            .map(|(p, _)| p.clone())
            .collect()
    };
    for k in &a.locks.classes {
        let (was, is) = (a.old.course.contains_key(k), a.new.course.contains_key(k));
        if was != is {
            out.push(Violation::new(
                Rule::LockKept,
                vec![k.clone()],
                if was {
                    "the locked class was closed"
                } else {
                    "the locked class was not in the old solution"
                },
            ));
            continue;
        }
        if pupils_of(a.old, k) != pupils_of(a.new, k) {
            out.push(Violation::new(
                Rule::LockKept,
                vec![k.clone()],
                "the locked class's pupils changed",
            ));
        }
        if a.old.meetings.get(k) != a.new.meetings.get(k) {
            out.push(Violation::new(
                Rule::LockKept,
                vec![k.clone()],
                "the locked class's meetings changed",
            ));
        }
    }
    let truth = diff(a.old, a.new);
    for p in &a.locks.pupils {
        let n = truth.iter().filter(|c| &c.person == p).count();
        if n > 0 {
            out.push(Violation::new(
                Rule::LockKept,
                vec![p.clone()],
                format!("the locked pupil's week has {n} changes"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solution::changes::NamedMeeting;

    fn named(pupils: &[(&str, &str)], slot: &str) -> Named {
        let mut n = Named::default();
        for k in ["PH-1", "PH-2"] {
            n.course.insert(k.into(), "PH".into());
            n.staff.insert(k.into(), "T1".into());
            n.meetings.insert(
                k.into(),
                vec![NamedMeeting {
                    slot: slot.into(),
                    staff: "T1".into(),
                    room: "R1".into(),
                }],
            );
        }
        for (p, k) in pupils {
            n.pupils.entry((*p).into()).or_default().insert((*k).into());
        }
        n
    }

    fn against<'a>(
        old: &'a Named,
        new: &'a Named,
        listed: &'a [Change],
        limits: Limits,
        locks: &'a Locks,
    ) -> Against<'a> {
        Against {
            old,
            new,
            listed,
            limits,
            locks,
        }
    }

    fn rules(a: &Against<'_>) -> Vec<(Rule, Vec<String>)> {
        check_against(a)
            .into_iter()
            .map(|v| (v.rule, v.ids))
            .collect()
    }

    #[test]
    fn the_true_difference_within_limits_is_valid() {
        let old = named(&[("P1", "PH-1"), ("P2", "PH-1")], "Mon:P1");
        let new = named(&[("P1", "PH-2"), ("P2", "PH-1")], "Mon:P1");
        let listed = diff(&old, &new);
        let locks = Locks::default();
        let limits = Limits {
            max_changes: Some(1),
            max_changes_per_pupil: Some(1),
        };
        let a = against(&old, &new, &listed, limits, &locks);
        assert!(check_against(&a).is_empty());
    }

    #[test]
    fn a_row_left_out_or_made_up_is_a_changes_listed_violation() {
        let old = named(&[("P1", "PH-1")], "Mon:P1");
        let new = named(&[("P1", "PH-2")], "Mon:P1");
        let mut listed = diff(&old, &new);
        let row = listed.remove(0);
        let locks = Locks::default();
        let a = against(&old, &new, &listed, Limits::default(), &locks);
        assert_eq!(rules(&a), vec![(Rule::ChangesListed, cells(&row))]);
        let mut made_up = diff(&old, &new);
        made_up.push(Change {
            person: "P9".into(),
            kind: Kind::Room,
            before: "x".into(),
            after: "y".into(),
        });
        let a = Against {
            listed: &made_up,
            ..a
        };
        assert_eq!(rules(&a).len(), 1);
    }

    #[test]
    fn limits_and_locks_broken_are_violations() {
        let old = named(&[("P1", "PH-1"), ("P2", "PH-1")], "Mon:P1");
        let new = named(&[("P1", "PH-2"), ("P2", "PH-2")], "Tue:P1");
        let listed = diff(&old, &new);
        let locks = Locks {
            classes: ["PH-1".to_owned()].into(),
            pupils: ["P2".to_owned()].into(),
        };
        let limits = Limits {
            max_changes: Some(1),
            max_changes_per_pupil: Some(0),
        };
        let a = against(&old, &new, &listed, limits, &locks);
        let got = rules(&a);
        assert!(got.contains(&(Rule::ChangeLimit, vec![])), "{got:?}");
        assert!(
            got.contains(&(Rule::ChangeLimit, vec!["P1".into()])),
            "{got:?}"
        );
        assert!(
            got.contains(&(Rule::LockKept, vec!["PH-1".into()])),
            "{got:?}"
        );
        assert!(
            got.contains(&(Rule::LockKept, vec!["P2".into()])),
            "{got:?}"
        );
    }
}
