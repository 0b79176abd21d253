//! Tests of the ITC2007 reader, evaluator and conversions.

use super::*;
use crate::place::Options;

/// A `.tim` text, one value per line like the competition files.
#[allow(clippy::too_many_arguments)]
fn tim(
    rooms: &[u32],
    features: usize,
    attends: &[&[usize]],
    events: usize,
    room_feat: &[&[usize]],
    ev_feat: &[&[usize]],
    allowed: &[&[usize]],
    before: &[(usize, usize)],
) -> String {
    let mut v: Vec<String> = vec![format!(
        "{events} {} {features} {}",
        rooms.len(),
        attends.len()
    )];
    v.extend(rooms.iter().map(u32::to_string));
    for a in attends {
        v.extend((0..events).map(|e| u8::from(a.contains(&e)).to_string()));
    }
    for rf in &room_feat[..rooms.len()] {
        v.extend((0..features).map(|f| u8::from(rf.contains(&f)).to_string()));
    }
    for ef in &ev_feat[..events] {
        v.extend((0..features).map(|f| u8::from(ef.contains(&f)).to_string()));
    }
    for al in &allowed[..events] {
        v.extend((0..SLOTS).map(|t| u8::from(al.is_empty() || al.contains(&t)).to_string()));
    }
    for i in 0..events {
        v.extend((0..events).map(|j| {
            if before.contains(&(i, j)) {
                "1".to_owned()
            } else if before.contains(&(j, i)) {
                "-1".to_owned()
            } else {
                "0".to_owned()
            }
        }));
    }
    v.join("\n") + "\n"
}

/// Three events for one student, only allowed in the first three periods of Monday, event 0
/// before event 2; a second room lacks the feature event 1 needs.
pub(crate) fn tiny() -> String {
    tim(
        &[2, 5],
        1,
        &[&[0, 1, 2]],
        3,
        &[&[0], &[]],
        &[&[], &[0], &[]],
        &[&[0, 1, 2], &[0, 1, 2], &[0, 1, 2]],
        &[(0, 2)],
    )
}

fn options() -> Options {
    Options {
        time_limit_s: 5.0,
        seed: 3,
        threads: 1,
        itc_soft: true,
    }
}

#[test]
fn reads_a_well_formed_instance() {
    let inst = parse(&tiny()).unwrap();
    assert_eq!(inst.events, 3);
    assert_eq!(inst.rooms, vec![2, 5]);
    assert_eq!(inst.attends, vec![vec![0, 1, 2]]);
    assert_eq!(inst.room_features, vec![vec![0], vec![]]);
    assert_eq!(inst.event_features, vec![vec![], vec![0], vec![]]);
    assert_eq!(inst.allowed[1].len(), 3);
    assert_eq!(inst.before, vec![(0, 2)]);
    assert_eq!(inst.suitable_rooms(1, 1), vec![0]);
    assert_eq!(inst.suitable_rooms(0, 3), vec![1]);
}

#[test]
fn a_short_file_names_where_it_ends() {
    let text = tiny();
    let lines: Vec<&str> = text.lines().collect();
    let cut = lines[..lines.len() - 4].join("\n");
    let err = parse_named("x.tim", &cut).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("x.tim:{}: file ends after", lines.len() - 4)),
        "{err}"
    );
    assert!(
        err.contains("in the ordering (event x event) values"),
        "{err}"
    );
}

#[test]
fn bad_values_are_reported_with_their_lines() {
    let mut lines: Vec<String> = tiny().lines().map(str::to_owned).collect();
    lines[1] = "two".into(); // a room capacity
    lines[3] = "7".into(); // an attendance value
    let err = parse_named("x.tim", &lines.join("\n")).unwrap_err();
    let msgs: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        vec![
            "x.tim:2: room capacity: expected an integer from 0 to 4294967295, found \"two\"",
            "x.tim:4: attendance (student x event): expected an integer from 0 to 1, found \"7\"",
        ]
    );
}

#[test]
fn wrong_counts_are_reported() {
    let err = parse_named("x.tim", "3 1 0\n").unwrap_err().to_string();
    assert!(
        err.starts_with("x.tim:1: expected a first line of 4 numbers"),
        "{err}"
    );
    let err = parse_named("x.tim", "0 1 0 1\n").unwrap_err().to_string();
    assert_eq!(
        err,
        "x.tim:1: events: expected a positive integer, found \"0\""
    );
    let err = parse_named("x.tim", &(tiny() + "1\n1\n"))
        .unwrap_err()
        .to_string();
    let n = tiny().lines().count();
    assert!(
        err.starts_with(&format!("x.tim:{}: expected the end of the file", n + 1)),
        "{err}"
    );
}

#[test]
fn the_tiny_instance_is_solved_to_its_known_optimum() {
    // Three events in periods 0-2 of Monday for one student: a run of three costs 1 and
    // nothing better exists; event 0 before event 2, event 1 in room 0 (the feature).
    let inst = parse(&tiny()).unwrap();
    let placement = crate::place::place(&inst.problem(), &options());
    let sln = Sln::from_placement(&placement);
    let score = evaluate(&inst, &sln);
    assert!(score.feasible(), "{score:?}");
    assert_eq!((score.distance, score.soft, score.long_runs), (0, 1, 1));
    let (t0, t2) = (sln.0[0].unwrap().0, sln.0[2].unwrap().0);
    assert!(t0 < t2);
    assert_eq!(sln.0[1].unwrap().1, 0);
    assert_eq!(placement.soft.total(), score.soft);
}

#[test]
fn the_evaluator_finds_broken_rules() {
    let inst = parse(&tiny()).unwrap();
    // Event 1 in room 1 (no feature), events 0 and 2 clash and break the ordering.
    let sln = Sln(vec![Some((2, 0)), Some((0, 1)), Some((2, 0))]);
    let score = evaluate(&inst, &sln);
    assert_eq!(score.violations.len(), 4, "{:?}", score.violations);
    let unplaced = Sln(vec![None, Some((0, 0)), Some((1, 1))]);
    let score = evaluate(&inst, &unplaced);
    assert!(score.violations.is_empty());
    assert_eq!((score.unplaced, score.distance), (1, 1));
    // One student, events in periods 0 and 1: no run, not single, not last.
    assert_eq!(score.soft, 0);
}

#[test]
fn sln_files_round_trip_through_the_evaluator() {
    let inst = parse(&tiny()).unwrap();
    let sln = Sln(vec![Some((0, 1)), None, Some((8, 1))]);
    let text = sln.to_text();
    assert_eq!(text, "0 1\n-1 -1\n8 1\n");
    let back = Sln::parse("a.sln", &text, 3).unwrap();
    assert_eq!(back, sln);
    assert_eq!(evaluate(&inst, &back), evaluate(&inst, &sln));
    let err = Sln::parse("a.sln", "0 1\nx 2\n", 3)
        .unwrap_err()
        .to_string();
    assert!(err.contains("a.sln:2: expected `timeslot room`"), "{err}");
    assert!(err.contains("expected 3 lines"), "{err}");
}

#[test]
fn an_imported_scenario_loads_solves_and_exports_the_same_figures() {
    let inst = parse(&tiny()).unwrap();
    let raw = import(&inst, "tiny");
    let loaded = crate::load::resolve(&raw).expect("the imported scenario loads");
    let s = &loaded.scenario;
    let back = from_scenario(s).unwrap();
    assert_eq!(
        (back.events, back.rooms.clone(), back.before.clone()),
        (3, inst.rooms.clone(), inst.before.clone())
    );
    assert_eq!(back.attends, inst.attends);
    let sol = solve_fixed(s, &options()).unwrap();
    assert!(sol.summary.complete);
    let sln = sln_from_solution(s, &sol);
    let a = evaluate(&inst, &sln);
    let b = evaluate(&back, &sln);
    assert_eq!(a, b);
    assert!(a.feasible());
    assert_eq!(a.soft, 1);
    // Written and read again, the .sln gives the same figures.
    let again = Sln::parse("t.sln", &sln.to_text(), 3).unwrap();
    assert_eq!(evaluate(&inst, &again), a);
}
