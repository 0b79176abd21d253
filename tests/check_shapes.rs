//! The lesson-shape rules on a small hand-made school: science meets 2+1+1 split 3+1 with a
//! break after P1; English has no pattern. The valid week passes, and each planted fault is
//! reported as exactly the violation it causes.

#[path = "common/class.rs"]
mod class;

use class::class_of_one;
use tailor::check::{check, Mode, Rule};
use tailor::ids::*;
use tailor::load::{load_readers, Readers};
use tailor::scenario::Scenario;
use tailor::solution::{Class, Enrolment, Meeting, Solution};

const SCHOOL: &str = r#"
name = "shapes"
[week]
days = ["Mon", "Tue", "Wed"]
periods = ["P1", "P2", "P3", "P4"]
breaks = ["P1"]
[options]
blocks = 1
periods_per_block = 1
"#;
const COURSES: &str =
    "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages,pattern,split
SC,Science,core,4,1,30,1,lab,10,1+2+1,3+1
EN,English,core,2,1,30,1,lab,10,,
";
const PUPILS: &str = "pupil,name,stage,tutor_group\nP1,Ann,10,T\n";
const CHOICES: &str = "pupil,course,rank,reserve\n";
const STAFF: &str = "staff,name,max_periods,teaches,unavailable
T1,Ms A,10,SC;EN,
T2,Mr B,10,SC;EN,
";
const ROOMS: &str = "room,capacity,type,unavailable\nR1,30,lab,\nR2,30,lab,\n";

fn fixture() -> (Scenario, Solution) {
    fixture_with("")
}

/// The school with `more` added to school.toml, and its valid week.
fn fixture_with(more: &str) -> (Scenario, Solution) {
    let school = format!("{SCHOOL}{more}");
    let scenario = load_readers(Readers::from_texts(
        [&school, COURSES, PUPILS, CHOICES, STAFF, ROOMS],
        None,
    ))
    .expect("the shapes school loads")
    .scenario;
    let sc = &scenario;
    let mut sol = Solution::default();
    for (id, course) in [("SC-1", "SC"), ("EN-1", "EN")] {
        class_of_one(&mut sol, sc, id, course, "T1", "R1");
    }
    // Science: a double Mon P3-P4 and a single Tue P2 with T1, a single Wed P2 with T2.
    // English: Mon P1 and Mon P2, across the break, which means nothing without a pattern.
    for (class, at, staff) in [
        (0, "Mon:P3", "T1"),
        (0, "Mon:P4", "T1"),
        (0, "Tue:P2", "T1"),
        (0, "Wed:P2", "T2"),
        (1, "Mon:P1", "T2"),
        (1, "Mon:P2", "T2"),
    ] {
        sol.meetings.push(Meeting {
            class: ClassId(class),
            slot: sc.week.parse_slot(at).unwrap(),
            staff: sc.staff_ids.get(staff),
            room: sc.room_ids.get("R1"),
        });
    }
    sol.meetings.sort();
    sol.summary.complete = true;
    (scenario, sol)
}

fn at(sc: &Scenario, sol: &Solution, class: u32, slot: &str) -> usize {
    let s = sc.week.parse_slot(slot).unwrap();
    sol.meetings
        .iter()
        .position(|m| m.class == ClassId(class) && m.slot == s)
        .unwrap()
}

fn violations(sc: &Scenario, sol: &Solution) -> Vec<(Rule, Vec<String>)> {
    check(sc, sol, Mode::Full)
        .into_iter()
        .map(|v| (v.rule, v.ids))
        .collect()
}

fn planted(fault: impl Fn(&Scenario, &mut Solution)) -> Vec<(Rule, Vec<String>)> {
    let (sc, mut sol) = fixture();
    fault(&sc, &mut sol);
    sol.meetings.sort();
    violations(&sc, &sol)
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_valid_week_passes() {
    let (sc, sol) = fixture();
    assert_eq!(violations(&sc, &sol), vec![]);
}

#[test]
fn a_single_joined_to_the_double_breaks_the_run_lengths() {
    let got = planted(|sc, sol| {
        let i = at(sc, sol, 1, "Mon:P2");
        sol.meetings[i].slot = sc.week.parse_slot("Tue:P3").unwrap();
        let i = at(sc, sol, 0, "Tue:P2");
        sol.meetings[i].slot = sc.week.parse_slot("Mon:P2").unwrap();
    });
    assert_eq!(got, vec![(Rule::RunLengths, ids(&["SC", "SC-1"]))]);
}

#[test]
fn two_runs_on_one_day_break_the_distinct_days() {
    let got = planted(|sc, sol| {
        let i = at(sc, sol, 1, "Mon:P1");
        sol.meetings[i].slot = sc.week.parse_slot("Tue:P1").unwrap();
        let i = at(sc, sol, 0, "Tue:P2");
        sol.meetings[i].slot = sc.week.parse_slot("Mon:P1").unwrap();
    });
    assert_eq!(got, vec![(Rule::RunDays, ids(&["SC-1", "Mon"]))]);
}

#[test]
fn meetings_too_few_days_apart_are_reported() {
    // English's two periods on Monday are one run, one meeting: its own two days apart hold.
    // Moved to Tuesday, the second is a meeting one day from the first.
    let (sc, mut sol) = fixture_with("[[rules.apart]]\ncourses = [\"EN\"]\ndays = 2\n");
    assert_eq!(violations(&sc, &sol), vec![]);
    let i = at(&sc, &sol, 1, "Mon:P2");
    sol.meetings[i].slot = sc.week.parse_slot("Tue:P3").unwrap();
    sol.meetings.sort();
    assert_eq!(violations(&sc, &sol), vec![(Rule::Apart, ids(&["EN-1"]))]);
    // Science and English kept a day apart: both meet on Monday.
    let (sc, sol) = fixture_with("[[rules.apart]]\ncourses = [\"EN\", \"SC\"]\ndays = 1\n");
    assert_eq!(
        violations(&sc, &sol),
        vec![(Rule::Apart, ids(&["SC-1", "EN-1"]))]
    );
}

#[test]
fn a_double_across_the_break_is_reported() {
    let got = planted(|sc, sol| {
        // English out of the way first, then the double onto P1-P2.
        for (from, to) in [("Mon:P1", "Tue:P3"), ("Mon:P2", "Tue:P4")] {
            let i = at(sc, sol, 1, from);
            sol.meetings[i].slot = sc.week.parse_slot(to).unwrap();
        }
        for (from, to) in [("Mon:P3", "Mon:P1"), ("Mon:P4", "Mon:P2")] {
            let i = at(sc, sol, 0, from);
            sol.meetings[i].slot = sc.week.parse_slot(to).unwrap();
        }
    });
    assert_eq!(got, vec![(Rule::RunBreak, ids(&["SC-1", "Mon:P1"]))]);
}

#[test]
fn a_room_change_within_a_double_is_reported() {
    let got = planted(|sc, sol| {
        let i = at(sc, sol, 0, "Mon:P4");
        sol.meetings[i].room = sc.room_ids.get("R2");
    });
    assert_eq!(got, vec![(Rule::RunStaffRoom, ids(&["SC-1", "Mon:P4"]))]);
}

#[test]
fn a_teacher_change_within_a_double_is_reported() {
    let got = planted(|sc, sol| {
        let i = at(sc, sol, 0, "Mon:P4");
        sol.meetings[i].staff = sc.staff_ids.get("T2");
        let i = at(sc, sol, 0, "Wed:P2");
        sol.meetings[i].staff = sc.staff_ids.get("T1");
    });
    assert_eq!(got, vec![(Rule::RunStaffRoom, ids(&["SC-1", "Mon:P4"]))]);
}

#[test]
fn one_teacher_for_a_split_class_is_reported() {
    let got = planted(|sc, sol| {
        let i = at(sc, sol, 0, "Wed:P2");
        sol.meetings[i].staff = sc.staff_ids.get("T1");
    });
    assert_eq!(got, vec![(Rule::SplitStaff, ids(&["SC", "SC-1"]))]);
}

/// One block of two single periods; History is split 1+1, Art is not.
fn block_fixture() -> (Scenario, Solution) {
    let school = r#"
name = "parts"
[week]
days = ["Mon", "Tue"]
periods = ["P1", "P2"]
[options]
blocks = 1
periods_per_block = 2
pattern = "1+1"
"#;
    let courses = "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages,split
HI,History,option,2,1,30,1,lab,10,1+1
AR,Art,option,2,1,30,1,lab,10,
";
    let pupils = "pupil,name,stage,tutor_group\nP1,Ann,10,T\nP2,Bo,10,T\n";
    let choices = "pupil,course,rank,reserve\nP1,HI,1,0\nP2,AR,1,0\n";
    let staff = "staff,name,max_periods,teaches,unavailable
T1,Ms A,10,HI;AR,
T2,Mr B,10,HI,
T3,Dr C,10,AR,
";
    let sc = load_readers(Readers::from_texts(
        [school, courses, pupils, choices, staff, ROOMS],
        None,
    ))
    .expect("the parts school loads")
    .scenario;
    let mut sol = Solution::default();
    for (i, (id, course, teacher)) in [("HI-1", "HI", "T1"), ("AR-1", "AR", "T3")]
        .into_iter()
        .enumerate()
    {
        let class = sol.classes.push(Class {
            id: id.into(),
            course: sc.course_ids.get(course).unwrap(),
            block: Some(BlockId(0)),
            staff: sc.staff_ids.get(teacher),
            room: sc.room_ids.get("R1"),
        });
        sol.enrolments.push(Enrolment {
            pupil: PupilId(i as u32),
            class,
        });
    }
    for (class, at, staff, room) in [
        (0, "Mon:P1", "T1", "R1"),
        (0, "Tue:P1", "T2", "R1"),
        (1, "Mon:P1", "T3", "R2"),
        (1, "Tue:P1", "T3", "R2"),
    ] {
        sol.meetings.push(Meeting {
            class: ClassId(class),
            slot: sc.week.parse_slot(at).unwrap(),
            staff: sc.staff_ids.get(staff),
            room: sc.room_ids.get(room),
        });
    }
    sol.meetings.sort();
    sol.summary.complete = true;
    (sc, sol)
}

#[test]
fn a_split_block_class_with_its_two_teachers_passes() {
    let (sc, sol) = block_fixture();
    assert_eq!(violations(&sc, &sol), vec![]);
}

#[test]
fn a_teacher_with_parts_of_two_classes_of_one_block_is_reported() {
    let (sc, mut sol) = block_fixture();
    // T1 teaches History on Monday and Art on Tuesday: no clash, but two classes of block 1.
    let i = at(&sc, &sol, 1, "Tue:P1");
    sol.meetings[i].staff = sc.staff_ids.get("T1");
    assert_eq!(
        violations(&sc, &sol),
        vec![(Rule::StaffBlockParts, ids(&["T1", "HI-1", "AR-1", "1"]))]
    );
}
