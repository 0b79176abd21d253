//! Unit tests of the findings: each condition is exact, so one pupil, seat or period either side
//! of its bound decides it.

use super::*;
use crate::load::{load_readers, Readers};

const SCHOOL: &str = "name = \"t\"\nstages = [\"10\"]\n[week]\ndays = [\"Mon\", \"Tue\"]\n\
                      periods = [\"1\", \"2\", \"3\"]\n[options]\nblocks = 1\nperiods_per_block = 1\n";

fn school(courses: &str, pupils: u32, staff: &str, rooms: &str) -> Scenario {
    let pupils: String = (1..=pupils).map(|i| format!("P{i},P,10,T\n")).collect();
    let texts = [
        SCHOOL.to_owned(),
        format!("course,name,kind,periods,min_size,max_size,max_classes,room_type,stages,allowed\n{courses}"),
        format!("pupil,name,stage,tutor_group\n{pupils}"),
        "pupil,course,rank,reserve\n".to_owned(),
        format!("staff,name,max_periods,teaches,unavailable\n{staff}"),
        format!("room,capacity,type,unavailable\n{rooms}"),
    ];
    let files = [0, 1, 2, 3, 4, 5].map(|i| texts[i].as_str());
    load_readers(Readers::from_texts(files, None))
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario
}

fn names(s: &Scenario) -> Vec<&'static str> {
    diagnose(s).findings.iter().map(Finding::name).collect()
}

#[test]
fn sets_are_counted_against_the_largest_room_exactly() {
    let rooms = "L1,26,lab,\nL2,26,lab,\nL3,26,lab,\n";
    let staff = "T1,T,6,SCI,\nT2,T,6,SCI,\n";
    // 3 sets of at most 26 seat 78 pupils; the 79th needs a fourth set.
    let course = "SCI,Science,core,1,1,30,3,lab,10,\n";
    assert!(names(&school(course, 78, staff, rooms)).is_empty());
    let s = school(course, 79, staff, rooms);
    let d = diagnose(&s);
    assert_eq!(
        d.findings,
        [Finding::TooFewSets {
            course: CourseId(0),
            pupils: 79,
            largest: 26,
            room: Some(RoomId(0)),
            sets: 4
        }]
    );
    assert!(d.has_errors());
    let text = d.findings[0].render(&s).to_string();
    assert!(
        text.contains("raise max_classes of SCI to 4, or seat 27 in a lab room"),
        "{text}"
    );
}

#[test]
fn min_size_is_an_error_only_when_the_fewest_sets_cannot_reach_it() {
    let rooms = "R1,30,class,\n";
    let staff = "T1,T,6,EN,\n";
    // 31 pupils need 2 sets of at most 30: min_size 15 fits (15 + 16), 16 does not.
    let ok = "EN,English,core,1,15,30,2,class,10,\n";
    let bad = "EN,English,core,1,16,30,2,class,10,\n";
    assert!(names(&school(ok, 31, staff, rooms)).is_empty());
    assert_eq!(
        names(&school(bad, 31, staff, rooms)),
        ["sets-below-min-size"]
    );
}

#[test]
fn teachers_are_short_only_for_the_courses_together() {
    let rooms = "R1,30,class,\nR2,30,class,\n";
    let courses = "MA,Maths,core,3,1,30,1,class,10,\nFM,Further,core,2,1,30,1,class,10,\n";
    // MA needs 3, FM 2: T1 (4) and T2 (1 of MA) give 5 in all: enough; with T1 at 3, one short.
    let enough = "T1,T,4,MA;FM,\nT2,T,1,MA,\n";
    let short = "T1,T,3,MA;FM,\nT2,T,1,MA,\n";
    assert!(names(&school(courses, 10, enough, rooms)).is_empty());
    let s = school(courses, 10, short, rooms);
    match &diagnose(&s).findings[..] {
        [Finding::StaffShort {
            courses,
            staff,
            periods: 5,
            capacity: 4,
            with_options: false,
        }] => {
            assert_eq!(courses.len(), 2);
            assert_eq!(staff, &[StaffId(0), StaffId(1)]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_teacher_away_gives_only_the_slots_they_are_in() {
    let rooms = "R1,30,class,\n";
    let courses = "MA,Maths,core,3,1,30,1,class,10,\n";
    // T1 may teach 6 but is in only in 2 of the 6 slots.
    let staff = "T1,T,6,MA,Mon:1;Mon:2;Mon:3;Tue:1\n";
    assert_eq!(names(&school(courses, 10, staff, rooms)), ["staff-short"]);
}

#[test]
fn rooms_are_short_by_the_slots_they_are_available() {
    let courses = "SCI,Science,core,4,1,30,1,lab,10,\n";
    let staff = "T1,T,6,SCI,\n";
    assert!(names(&school(courses, 10, staff, "L1,30,lab,Mon:1;Mon:2\n")).is_empty());
    assert_eq!(
        names(&school(courses, 10, staff, "L1,30,lab,Mon:1;Mon:2;Mon:3\n")),
        ["rooms-short"]
    );
}

#[test]
fn the_week_is_short_by_the_slots_courses_are_allowed_together() {
    let rooms = "R1,30,class,\nR2,30,class,\n";
    let staff = "T1,T,6,MA;SC,\nT2,T,6,MA;SC,\n";
    let mon = "Mon:1;Mon:2;Mon:3";
    let fits = format!("MA,M,core,2,1,30,1,class,10,{mon}\nSC,S,core,1,1,30,1,class,10,{mon}\n");
    let over = format!("MA,M,core,2,1,30,1,class,10,{mon}\nSC,S,core,2,1,30,1,class,10,{mon}\n");
    assert!(names(&school(&fits, 5, staff, rooms)).is_empty());
    let s = school(&over, 5, staff, rooms);
    match &diagnose(&s).findings[..] {
        [Finding::WeekShort {
            pupils: 5,
            periods: 4,
            slots: 3,
            ..
        }] => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_empty_school_has_no_finding() {
    let s = school(
        "EN,English,core,1,1,30,1,none,10,\n",
        0,
        "T1,T,1,EN,\n",
        "R1,1,class,\n",
    );
    assert!(diagnose(&s).findings.is_empty());
}
