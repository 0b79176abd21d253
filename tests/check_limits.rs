//! Limits on a person's week (`max_days`, `max_gaps`, `max_daily`, `min_daily`, `max_run`,
//! `[rules]`): load errors at
//! their file, line and field; and on a small hand-made school the valid week passes and each
//! planted fault is reported as exactly the violation it causes.

#[path = "common/class.rs"]
mod class;

use class::class_of_one;
use tailor::check::{check, Mode, Rule};
use tailor::ids::*;
use tailor::load::{load_readers, Readers};
use tailor::scenario::Scenario;
use tailor::solution::{Meeting, Solution};

const SCHOOL: &str = r#"
name = "limits"
[week]
days = ["Mon", "Tue", "Wed"]
periods = ["P1", "P2", "P3", "P4"]
[options]
blocks = 1
periods_per_block = 1
[rules]
pupil_max_gaps = 1
closed = ["Tue:P2"]
"#;
const COURSES: &str = "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages
EN,English,core,4,1,30,1,lab,10
";
const PUPILS: &str = "pupil,name,stage,tutor_group,max_daily\nP1,Ann,10,T,3\n";
const CHOICES: &str = "pupil,course,rank,reserve\n";
const STAFF: &str = "staff,name,max_periods,teaches,unavailable,max_days,max_gaps,max_daily
T1,Ms A,10,EN,Wed:P2,2,0,3
";
const ROOMS: &str = "room,capacity,type,unavailable\nR1,30,lab,\n";

fn load(texts: [&str; 6]) -> Result<Scenario, String> {
    load_readers(Readers::from_texts(texts, None))
        .map(|l| l.scenario)
        .map_err(|e| e.to_string())
}

fn fixture(slots: &[&str]) -> (Scenario, Solution) {
    fixture_of(SCHOOL, PUPILS, STAFF, slots)
}

fn fixture_of(school: &str, pupils: &str, staff: &str, slots: &[&str]) -> (Scenario, Solution) {
    let sc = load([school, COURSES, pupils, CHOICES, staff, ROOMS]).expect("the school loads");
    let mut sol = Solution::default();
    let class = class_of_one(&mut sol, &sc, "EN-1", "EN", "T1", "R1");
    for at in slots {
        sol.meetings.push(Meeting {
            class,
            slot: sc.week.parse_slot(at).unwrap(),
            staff: sc.staff_ids.get("T1"),
            room: sc.room_ids.get("R1"),
        });
    }
    sol.meetings.sort();
    sol.summary.complete = true;
    (sc, sol)
}

fn broken(slots: &[&str]) -> Vec<(Rule, Vec<String>, String)> {
    let (sc, sol) = fixture(slots);
    check(&sc, &sol, Mode::Full)
        .into_iter()
        .map(|v| (v.rule, v.ids, v.message))
        .collect()
}

#[test]
fn the_limits_load_as_the_stricter_of_row_and_rules() {
    let (sc, _) = fixture(&[]);
    let t1 = &sc.staff[StaffId(0)].limits;
    assert_eq!(
        (t1.max_days, t1.max_gaps, t1.max_daily),
        (Some(2), Some(0), Some(3))
    );
    let p1 = &sc.pupils[PupilId(0)].limits;
    assert_eq!(
        (p1.max_days, p1.max_gaps, p1.max_daily),
        (None, Some(1), Some(3))
    );
    assert!(sc
        .week
        .closed
        .contains(sc.week.parse_slot("Tue:P2").unwrap()));
}

#[test]
fn bad_limits_are_errors_at_their_place() {
    let staff = STAFF.replace("Wed:P2,2,0,3", "Wed:P2,4,x,5");
    let e = load([SCHOOL, COURSES, PUPILS, CHOICES, &staff, ROOMS]).unwrap_err();
    assert!(
        e.contains("staff.csv:2: max_days: expected a whole number from 0 to 3 (the days of the week), found \"4\""),
        "{e}"
    );
    assert!(
        e.contains("staff.csv:2: max_gaps: expected a whole number, found \"x\""),
        "{e}"
    );
    assert!(
        e.contains("staff.csv:2: max_daily: expected a whole number from 0 to 4 (the periods of a day of the week), found \"5\""),
        "{e}"
    );
    let school = SCHOOL
        .replace(
            "pupil_max_gaps = 1",
            "pupil_max_gaps = 1\nstaff_max_days = 7",
        )
        .replace("Tue:P2", "Sun:P2");
    let e = load([&school, COURSES, PUPILS, CHOICES, STAFF, ROOMS]).unwrap_err();
    assert!(
        e.contains("school.toml:11: staff_max_days: expected a whole number from 0 to 3"),
        "{e}"
    );
    assert!(
        e.contains("school.toml:12: closed: expected Day:Period"),
        "{e}"
    );
    let school = SCHOOL.replace("pupil_max_gaps = 1", "pupil_max_gap = 1");
    let e = load([&school, COURSES, PUPILS, CHOICES, STAFF, ROOMS]).unwrap_err();
    assert!(e.contains("school.toml:10"), "{e}");
}

#[test]
fn a_week_within_the_limits_passes() {
    // Mon P1 P2 P3, Tue P1 P3 (P2 is closed: no gap).
    assert_eq!(
        broken(&["Mon:P1", "Mon:P2", "Mon:P3", "Tue:P1"]),
        Vec::<(Rule, Vec<String>, String)>::new()
    );
}

#[test]
fn planted_faults_are_reported() {
    // Three days.
    let b = broken(&["Mon:P1", "Mon:P2", "Tue:P1", "Wed:P1"]);
    assert_eq!(
        b,
        [(
            Rule::MaxDays,
            vec!["T1".into()],
            "T1 has meetings on 3 days, more than max_days 2".into()
        )]
    );
    // A gap at Mon:P2 for the teacher (max 0), within the pupil's one.
    let b = broken(&["Mon:P1", "Mon:P3", "Tue:P1", "Tue:P3"]);
    assert_eq!(
        b.iter().map(|x| (x.0, x.1.clone())).collect::<Vec<_>>(),
        [(Rule::MaxGaps, vec!["T1".to_string()])]
    );
    // Two gaps for the pupil too (Mon:P2, Mon:P3).
    let b = broken(&["Mon:P1", "Mon:P4", "Tue:P1", "Tue:P3"]);
    assert_eq!(
        b.iter().map(|x| (x.0, x.1.clone())).collect::<Vec<_>>(),
        [
            (Rule::MaxGaps, vec!["P1".to_string()]),
            (Rule::MaxGaps, vec!["T1".to_string()])
        ]
    );
    // Four periods on Monday, for both.
    let b = broken(&["Mon:P1", "Mon:P2", "Mon:P3", "Mon:P4"]);
    assert_eq!(
        b.iter().map(|x| (x.0, x.1.clone())).collect::<Vec<_>>(),
        [
            (Rule::MaxDaily, vec!["P1".to_string()]),
            (Rule::MaxDaily, vec!["T1".to_string()])
        ]
    );
    // The teacher's unavailable slot is no gap of hers: Wed P1 and P3 around Wed:P2.
    let b = broken(&["Mon:P1", "Mon:P2", "Wed:P1", "Wed:P3"]);
    assert_eq!(
        b.iter().map(|x| (x.0, x.1.clone())).collect::<Vec<_>>(),
        Vec::<(Rule, Vec<String>)>::new()
    );
}

/// T1: at least 2 periods on a day she teaches, at most 2 in a row; P1 at least 2 a day.
const STAFF_DAILY: &str =
    "staff,name,max_periods,teaches,unavailable,min_daily,max_run\nT1,Ms A,10,EN,,2,2\n";
const PUPILS_DAILY: &str = "pupil,name,stage,tutor_group,min_daily\nP1,Ann,10,T,2\n";

fn broken_daily(slots: &[&str]) -> Vec<(Rule, Vec<String>)> {
    let (sc, sol) = fixture_of(SCHOOL, PUPILS_DAILY, STAFF_DAILY, slots);
    check(&sc, &sol, Mode::Full)
        .into_iter()
        .map(|v| (v.rule, v.ids))
        .collect()
}

#[test]
fn daily_minimums_and_runs_load_and_planted_faults_are_reported() {
    let (sc, _) = fixture_of(SCHOOL, PUPILS_DAILY, STAFF_DAILY, &[]);
    let t1 = &sc.staff[StaffId(0)].limits;
    assert_eq!((t1.min_daily, t1.max_run), (Some(2), Some(2)));
    assert_eq!(sc.pupils[PupilId(0)].limits.min_daily, Some(2));
    // Two days of two in a row: both kept.
    assert_eq!(
        broken_daily(&["Mon:P1", "Mon:P2", "Tue:P3", "Tue:P4"]),
        Vec::<(Rule, Vec<String>)>::new()
    );
    // One period on Tuesday: short of both minimums.
    assert_eq!(
        broken_daily(&["Mon:P1", "Mon:P2", "Mon:P4", "Tue:P1"]),
        [
            (Rule::MinDaily, vec!["P1".to_string()]),
            (Rule::MinDaily, vec!["T1".to_string()])
        ]
    );
    // Four in a row on Monday: over the teacher's run of 2, once.
    let (sc, sol) = fixture_of(
        SCHOOL,
        PUPILS_DAILY,
        STAFF_DAILY,
        &["Mon:P1", "Mon:P2", "Mon:P3", "Mon:P4"],
    );
    let v: Vec<_> = check(&sc, &sol, Mode::Full)
        .into_iter()
        .map(|v| (v.rule, v.message))
        .collect();
    assert_eq!(
        v,
        [(
            Rule::MaxRun,
            "T1 has more than max_run 2 periods in a row on Mon (from P1)".to_string()
        )]
    );
    // Out of range: at their line and column, or key.
    let staff = STAFF_DAILY.replace(",,2,2", ",,5,2");
    let e = load([SCHOOL, COURSES, PUPILS_DAILY, CHOICES, &staff, ROOMS]).unwrap_err();
    assert!(
        e.contains("staff.csv:2: min_daily: expected a whole number from 0 to 4 (the periods of a day of the week), found \"5\""),
        "{e}"
    );
    let school = SCHOOL.replace(
        "pupil_max_gaps = 1",
        "pupil_max_gaps = 1\nstaff_max_run = 9",
    );
    let e = load([&school, COURSES, PUPILS_DAILY, CHOICES, STAFF_DAILY, ROOMS]).unwrap_err();
    assert!(
        e.contains("school.toml:11: staff_max_run: expected a whole number from 0 to 4"),
        "{e}"
    );
}

/// T1: at most 1 gap a day, late (second open period) on at most 1 day, away Wed:P1; P1
/// late on at most 2 days.
const STAFF_EARLY: &str = "staff,name,max_periods,teaches,unavailable,max_gaps_daily,max_late_starts\nT1,Ms A,10,EN,Wed:P1,1,1\n";
const PUPILS_EARLY: &str = "pupil,name,stage,tutor_group,max_late_starts\nP1,Ann,10,T,2\n";

fn broken_early(slots: &[&str]) -> Vec<(Rule, String)> {
    let (sc, sol) = fixture_of(SCHOOL, PUPILS_EARLY, STAFF_EARLY, slots);
    check(&sc, &sol, Mode::Full)
        .into_iter()
        .map(|v| (v.rule, v.message))
        .collect()
}

#[test]
fn daily_gaps_and_late_starts_load_and_planted_faults_are_reported() {
    let (sc, _) = fixture_of(SCHOOL, PUPILS_EARLY, STAFF_EARLY, &[]);
    let t1 = &sc.staff[StaffId(0)].limits;
    assert_eq!((t1.max_gaps_daily, t1.max_late_starts), (Some(1), Some(1)));
    assert_eq!(sc.pupils[PupilId(0)].limits.max_late_starts, Some(2));
    let none = Vec::<(Rule, String)>::new();
    // Wed:P1 is T1's away slot, so her Wednesday at P2 starts early; Ann's is her one late day.
    assert_eq!(
        broken_early(&["Mon:P1", "Mon:P2", "Tue:P1", "Wed:P2"]),
        none
    );
    // Tuesday's P2 is closed: a gap of no one.
    assert_eq!(
        broken_early(&["Mon:P1", "Mon:P2", "Tue:P1", "Tue:P3"]),
        none
    );
    // Late on Monday and Tuesday (P1 open, P2 closed, P3 first): T1 over her 1; Ann also late
    // on Wednesday: over her 2.
    assert_eq!(
        broken_early(&["Mon:P2", "Mon:P3", "Tue:P3", "Wed:P2"]),
        [
            (
                Rule::LateStarts,
                "P1 starts late on 3 days (Mon, Tue, Wed), more than max_late_starts 2".to_string()
            ),
            (
                Rule::LateStarts,
                "T1 starts late on 2 days (Mon, Tue), more than max_late_starts 1".to_string()
            ),
        ]
    );
    // Two open periods before Monday's first: never allowed, however few late days.
    assert_eq!(
        broken_early(&["Mon:P3", "Mon:P4", "Tue:P1", "Wed:P2"]),
        [
            (
                Rule::LateStarts,
                "P1 starts on Mon after 2 open periods, more than the one max_late_starts allows"
                    .to_string()
            ),
            (
                Rule::LateStarts,
                "T1 starts on Mon after 2 open periods, more than the one max_late_starts allows"
                    .to_string()
            ),
        ]
    );
    // Two gaps on Monday: over T1's daily 1 (and Ann's weekly 1 of [rules]).
    assert_eq!(
        broken_early(&["Mon:P1", "Mon:P4", "Tue:P1", "Tue:P3"]),
        [
            (
                Rule::MaxGaps,
                "P1 has 2 gaps in the week, more than max_gaps 1".to_string()
            ),
            (
                Rule::MaxGapsDaily,
                "T1 has 2 gaps on Mon, more than max_gaps_daily 1".to_string()
            ),
        ]
    );
    // Out of range: at their line and column, or key.
    let staff = STAFF_EARLY.replace(",1,1", ",1,4");
    let e = load([SCHOOL, COURSES, PUPILS_EARLY, CHOICES, &staff, ROOMS]).unwrap_err();
    assert!(
        e.contains("staff.csv:2: max_late_starts: expected a whole number from 0 to 3 (the days of the week), found \"4\""),
        "{e}"
    );
    let school = SCHOOL.replace(
        "pupil_max_gaps = 1",
        "pupil_max_gaps = 1\npupil_max_gaps_daily = 5",
    );
    let e = load([&school, COURSES, PUPILS_EARLY, CHOICES, STAFF_EARLY, ROOMS]).unwrap_err();
    assert!(
        e.contains("school.toml:11: pupil_max_gaps_daily: expected a whole number from 0 to 4"),
        "{e}"
    );
}
