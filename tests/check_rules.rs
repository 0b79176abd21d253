//! The checker on a tiny hand-made school: the valid solution passes, and each planted fault is
//! reported as exactly the violations it causes, with the right ids.

use std::path::Path;

use proptest::prelude::*;
use tailor::check::{check, Mode, Rule};
use tailor::ids::*;
use tailor::scenario::{Choice, Scenario};
use tailor::solution::{Enrolment, Solution, Unmet};

fn fixture() -> (Scenario, Solution) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    let scenario = tailor::load::load_dir(&dir.join("scenario"))
        .expect("the tiny scenario loads")
        .scenario;
    let solution =
        tailor::solution::io::read_dir(&scenario, &dir.join("solution")).expect("it reads");
    (scenario, solution)
}

fn class(sol: &Solution, id: &str) -> ClassId {
    sol.classes
        .iter_enumerated()
        .find(|(_, c)| c.id == id)
        .map(|(k, _)| k)
        .unwrap_or_else(|| panic!("no class {id}"))
}
fn pupil(sc: &Scenario, id: &str) -> PupilId {
    sc.pupil_ids.get(id).unwrap()
}
fn course(sc: &Scenario, id: &str) -> CourseId {
    sc.course_ids.get(id).unwrap()
}
fn staff(sc: &Scenario, id: &str) -> StaffId {
    sc.staff_ids.get(id).unwrap()
}
fn room(sc: &Scenario, id: &str) -> RoomId {
    sc.room_ids.get(id).unwrap()
}
fn slot(sc: &Scenario, s: &str) -> SlotId {
    sc.week.parse_slot(s).unwrap()
}
/// The index of the meeting of `class` at `at`.
fn meeting(sc: &Scenario, sol: &Solution, class_id: &str, at: &str) -> usize {
    let c = class(sol, class_id);
    let s = slot(sc, at);
    sol.meetings
        .iter()
        .position(|m| m.class == c && m.slot == s)
        .unwrap_or_else(|| panic!("no meeting of {class_id} at {at}"))
}
fn enrol(sc: &Scenario, sol: &mut Solution, p: &str, c: &str) {
    let e = Enrolment {
        pupil: pupil(sc, p),
        class: class(sol, c),
    };
    sol.enrolments.push(e);
}
fn unenrol(sc: &Scenario, sol: &mut Solution, p: &str, c: &str) {
    let (p, c) = (pupil(sc, p), class(sol, c));
    let before = sol.enrolments.len();
    sol.enrolments.retain(|e| !(e.pupil == p && e.class == c));
    assert_eq!(sol.enrolments.len() + 1, before);
}

type Fault = fn(&mut Scenario, &mut Solution);

struct Case {
    name: &'static str,
    mode: Mode,
    fault: Fault,
    expected: &'static [(Rule, &'static [&'static str])],
}

fn cases() -> Vec<Case> {
    use Rule::*;
    vec![
        Case {
            name: "tutorial moved onto the pupil's history",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "TU-1", "Mon:4");
                sol.meetings[i].slot = slot(sc, "Mon:3");
            },
            expected: &[(PupilClash, &["P2", "HI-1", "TU-1", "Mon:3"])],
        },
        Case {
            name: "stage 11 pupil in a stage 10 core class",
            mode: Mode::Full,
            fault: |sc, sol| enrol(sc, sol, "P5", "EN-1"),
            expected: &[(PupilStage, &["P5", "EN-1"])],
        },
        Case {
            name: "pupil in both English classes",
            mode: Mode::Full,
            fault: |sc, sol| enrol(sc, sol, "P1", "EN-2"),
            expected: &[
                (PupilClash, &["P1", "EN-1", "EN-2", "Mon:1"]),
                (PupilClash, &["P1", "EN-1", "EN-2", "Mon:2"]),
                (PupilCourseTwice, &["P1", "EN-1", "EN-2"]),
            ],
        },
        Case {
            name: "pupil in a tutorial they did not choose",
            mode: Mode::Full,
            fault: |sc, sol| enrol(sc, sol, "P3", "TU-2"),
            expected: &[(PupilUnchosen, &["P3", "TU-2"])],
        },
        Case {
            name: "pupil without maths",
            mode: Mode::Full,
            fault: |sc, sol| unenrol(sc, sol, "P1", "MA-1"),
            expected: &[(PupilMissingCompulsory, &["P1", "MA"])],
        },
        Case {
            name: "reserve taken when the missed choice was never made",
            mode: Mode::Full,
            fault: |sc, sol| {
                let (p, ge) = (pupil(sc, "P4"), course(sc, "GE"));
                sc.pupils[p].choices.retain(|c| c.course != ge);
                sol.unmet.retain(|u| !(u.pupil == p && u.course == ge));
            },
            expected: &[(PupilTooManyOptions, &["P4"]), (ReserveUnearned, &["P4"])],
        },
        Case {
            name: "two option classes in one block (blocks only)",
            mode: Mode::BlocksOnly,
            fault: |sc, sol| {
                enrol(sc, sol, "P1", "GE-1");
                let (p, ge) = (pupil(sc, "P1"), course(sc, "GE"));
                sol.unmet.retain(|u| !(u.pupil == p && u.course == ge));
            },
            expected: &[(PupilBlockClash, &["P1", "HI-1", "GE-1", "1"])],
        },
        Case {
            name: "tutorial reserve taken with every main choice met",
            mode: Mode::Full,
            fault: |sc, sol| {
                let (p, tu) = (pupil(sc, "P3"), course(sc, "TU"));
                sc.pupils[p].choices.push(Choice {
                    course: tu,
                    rank: 3,
                    reserve: true,
                });
                enrol(sc, sol, "P3", "TU-2");
            },
            expected: &[(ReserveUnearned, &["P3"])],
        },
        Case {
            name: "missed choice not listed",
            mode: Mode::Full,
            fault: |sc, sol| {
                let p = pupil(sc, "P2");
                sol.unmet.retain(|u| u.pupil != p);
            },
            expected: &[(UnmetMissing, &["P2", "AR"])],
        },
        Case {
            name: "met choice listed as unmet",
            mode: Mode::Full,
            fault: |sc, sol| {
                sol.unmet.push(Unmet {
                    pupil: pupil(sc, "P1"),
                    course: course(sc, "HI"),
                    rank: 1,
                    reason: "made up".into(),
                });
            },
            expected: &[(UnmetWrong, &["P1", "HI"])],
        },
        Case {
            name: "fixed.csv lists a pupil the class lacks",
            mode: Mode::Full,
            fault: |sc, _| {
                let p = pupil(sc, "P1");
                sc.fixed[0].pupils.insert(0, p);
            },
            expected: &[(FixedClass, &["P1", "FX-A"])],
        },
        Case {
            name: "English class too small",
            mode: Mode::Full,
            fault: |sc, sol| {
                unenrol(sc, sol, "P2", "EN-1");
                enrol(sc, sol, "P2", "EN-2");
            },
            expected: &[(ClassSize, &["EN-1"])],
        },
        Case {
            name: "maths meeting dropped",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "MA-1", "Tue:2");
                sol.meetings.remove(i);
            },
            expected: &[(ClassMeetings, &["MA-1"])],
        },
        Case {
            name: "orchestra outside its allowed slots",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "FX-A", "Tue:2");
                sol.meetings[i].slot = slot(sc, "Mon:2");
                sol.meetings[i].room = Some(room(sc, "R3"));
            },
            expected: &[(ClassAllowed, &["FX-A", "Mon:2"])],
        },
        Case {
            name: "English must now follow maths",
            mode: Mode::Full,
            fault: |sc, _| {
                let (en, ma) = (course(sc, "EN"), course(sc, "MA"));
                sc.courses[en].after.push(ma);
            },
            expected: &[(CourseOrder, &["EN", "MA"])],
        },
        Case {
            name: "history allowed one class",
            mode: Mode::Full,
            fault: |sc, _| {
                let hi = course(sc, "HI");
                sc.courses[hi].max_classes = 1;
            },
            expected: &[(CourseMaxClasses, &["HI"])],
        },
        Case {
            name: "option class without a block",
            mode: Mode::Full,
            fault: |_, sol| {
                let c = class(sol, "HI-2");
                sol.classes[c].block = None;
            },
            expected: &[(ClassBlock, &["HI-2"])],
        },
        Case {
            name: "school now has one block",
            mode: Mode::Full,
            fault: |sc, _| {
                sc.blocks = sc.blocks.iter().take(1).cloned().collect();
                sc.schemes[SchemeId(0)].blocks.truncate(1);
            },
            expected: &[(BlockCount, &["2"])],
        },
        Case {
            name: "art leaves its block's slot",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "AR-1", "Mon:3");
                sol.meetings[i].slot = slot(sc, "Mon:4");
            },
            expected: &[(BlockSlots, &["AR-1", "1"])],
        },
        Case {
            name: "blocks now need two periods",
            mode: Mode::Full,
            fault: |sc, _| sc.blocks.iter_mut().for_each(|b| b.periods = 2),
            expected: &[(BlockPeriods, &["1"]), (BlockPeriods, &["2"])],
        },
        Case {
            name: "history may now run only in block 1",
            mode: Mode::Full,
            fault: |sc, _| {
                let hi = course(sc, "HI");
                sc.courses[hi].blocks = vec![BlockId(0)];
            },
            expected: &[(BlockAllowed, &["HI-2", "2"])],
        },
        Case {
            name: "history is now a course of another scheme",
            mode: Mode::Full,
            fault: |sc, _| {
                let other = sc.schemes.push(tailor::scenario::Scheme {
                    name: "other".into(),
                    stages: Vec::new(),
                    blocks: Vec::new(),
                    apart: true,
                });
                let hi = course(sc, "HI");
                sc.courses[hi].scheme = Some(other);
            },
            expected: &[(BlockScheme, &["HI-1", "1"]), (BlockScheme, &["HI-2", "2"])],
        },
        Case {
            name: "the orchestra was given teacher S1 in fixed.csv",
            mode: Mode::Full,
            fault: |sc, _| sc.fixed[0].staff = Some(staff(sc, "S1")),
            expected: &[(GivenKept, &["FX-A", "S1"]), (GivenKept, &["FX-A", "S1"])],
        },
        Case {
            name: "the orchestra was given block 1 in fixed.csv",
            mode: Mode::Full,
            fault: |sc, _| sc.fixed[0].block = Some(BlockId(0)),
            expected: &[(GivenKept, &["FX-A", "1"])],
        },
        Case {
            name: "block 1 is fixed at Mon:1",
            mode: Mode::Full,
            fault: |sc, _| {
                sc.blocks[BlockId(0)].slots = Some([slot(sc, "Mon:1")].into_iter().collect());
            },
            expected: &[
                (BlockFixedSlots, &["AR-1", "1"]),
                (BlockFixedSlots, &["GE-1", "1"]),
                (BlockFixedSlots, &["HI-1", "1"]),
            ],
        },
        Case {
            name: "the orchestra is given a third block and meets with block 2",
            mode: Mode::Full,
            fault: orchestra_in_a_third_block,
            // P5 takes history in block 2 and the orchestra: a pupil of the scheme may take a
            // class in each of its blocks, which is why they never share a slot.
            expected: &[
                (PupilClash, &["P5", "HI-2", "FX-A", "Tue:3"]),
                (SchemeBlocksApart, &["2", "3"]),
            ],
        },
        Case {
            name: "the orchestra meets with block 2 in a third block of a scheme not apart",
            mode: Mode::Full,
            fault: |sc, sol| {
                sc.schemes[SchemeId(0)].apart = false;
                orchestra_in_a_third_block(sc, sol);
            },
            // Blocks of a scheme with apart = false may share a slot: only P5's clash is left.
            expected: &[(PupilClash, &["P5", "HI-2", "FX-A", "Tue:3"])],
        },
        Case {
            name: "maths taught by a history teacher",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "MA-1", "Tue:2");
                sol.meetings[i].staff = Some(staff(sc, "S4"));
            },
            expected: &[(StaffTeaches, &["MA-1", "S4"])],
        },
        Case {
            name: "tutorial when its teacher is away",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "TU-1", "Mon:4");
                sol.meetings[i].slot = slot(sc, "Tue:4");
            },
            expected: &[(StaffUnavailable, &["TU-1", "S4", "Tue:4"])],
        },
        Case {
            name: "one teacher for both tutorials at once",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "TU-2", "Mon:4");
                sol.meetings[i].staff = Some(staff(sc, "S4"));
            },
            expected: &[(StaffClash, &["TU-1", "TU-2", "S4", "Mon:4"])],
        },
        Case {
            name: "a teacher's load cut",
            mode: Mode::Full,
            fault: |sc, _| {
                let s = staff(sc, "S1");
                sc.staff[s].max_periods = 2;
            },
            expected: &[(StaffMaxPeriods, &["S1"])],
        },
        Case {
            name: "tutorial without a teacher",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "TU-1", "Mon:4");
                sol.meetings[i].staff = None;
            },
            expected: &[(MeetingUnstaffed, &["TU-1", "Mon:4"])],
        },
        Case {
            name: "class teacher who does not teach the course (blocks only)",
            mode: Mode::BlocksOnly,
            fault: |sc, sol| {
                let c = class(sol, "HI-2");
                sol.classes[c].staff = Some(staff(sc, "S3"));
            },
            expected: &[(StaffTeaches, &["HI-2", "S3"])],
        },
        Case {
            name: "one teacher for two classes of a block (blocks only)",
            mode: Mode::BlocksOnly,
            fault: |sc, sol| {
                let c = class(sol, "GE-1");
                sol.classes[c].staff = Some(staff(sc, "S3"));
            },
            expected: &[(StaffBlockClash, &["AR-1", "GE-1", "S3", "1"])],
        },
        Case {
            name: "a teacher's load cut (blocks only)",
            mode: Mode::BlocksOnly,
            fault: |sc, _| {
                let s = staff(sc, "S1");
                sc.staff[s].max_periods = 2;
            },
            expected: &[(StaffBlockLoad, &["S1"])],
        },
        Case {
            name: "art in a studio without a sink",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "AR-1", "Mon:3");
                sol.meetings[i].room = Some(room(sc, "ST2"));
            },
            expected: &[(RoomSuits, &["AR-1", "ST2", "Mon:3"])],
        },
        Case {
            name: "a tutorial given a room",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "TU-1", "Mon:4");
                sol.meetings[i].room = Some(room(sc, "R3"));
            },
            expected: &[(RoomSuits, &["TU-1", "R3", "Mon:4"])],
        },
        Case {
            name: "maths in a room too small",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "MA-1", "Tue:2");
                sol.meetings[i].room = Some(room(sc, "R3"));
            },
            expected: &[(RoomCapacity, &["MA-1", "R3"])],
        },
        Case {
            name: "English in a room that is closed",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "EN-2", "Mon:1");
                sol.meetings[i].room = Some(room(sc, "R3"));
            },
            expected: &[(RoomUnavailable, &["EN-2", "R3", "Mon:1"])],
        },
        Case {
            name: "two classes in one room",
            mode: Mode::Full,
            fault: |sc, sol| {
                let i = meeting(sc, sol, "GE-1", "Mon:3");
                sol.meetings[i].room = Some(room(sc, "R1"));
            },
            expected: &[(RoomClash, &["HI-1", "GE-1", "R1", "Mon:3"])],
        },
        Case {
            name: "an enrolment of a pupil that does not exist",
            mode: Mode::Full,
            fault: |_, sol| {
                sol.enrolments.push(Enrolment {
                    pupil: PupilId(99),
                    class: ClassId(0),
                });
            },
            expected: &[(UnknownId, &["enrolment #24"])],
        },
    ]
}

#[test]
fn the_hand_made_solution_is_valid_in_both_modes() {
    let (sc, sol) = fixture();
    assert_eq!(check(&sc, &sol, Mode::Full), vec![]);
    let mut blocks = sol.clone();
    blocks.meetings.clear();
    assert_eq!(check(&sc, &blocks, Mode::BlocksOnly), vec![]);
}

#[test]
fn each_planted_fault_is_exactly_its_violations() {
    let mut covered = std::collections::BTreeSet::new();
    for case in cases() {
        let (mut sc, mut sol) = fixture();
        (case.fault)(&mut sc, &mut sol);
        if case.mode == Mode::BlocksOnly {
            sol.meetings.clear();
        }
        let got: Vec<(Rule, Vec<String>)> = check(&sc, &sol, case.mode)
            .into_iter()
            .map(|v| (v.rule, v.ids))
            .collect();
        let want: Vec<(Rule, Vec<String>)> = case
            .expected
            .iter()
            .map(|(r, ids)| (*r, ids.iter().map(|s| (*s).to_owned()).collect()))
            .collect();
        assert_eq!(got, want, "{}", case.name);
        covered.extend(case.expected.iter().map(|(r, _)| *r));
    }
    // The lesson-shape rules are planted on a school with patterns, in tests/check_shapes.rs.
    covered.extend([
        Rule::RunLengths,
        Rule::RunDays,
        Rule::RunBreak,
        Rule::Apart,
        Rule::RunStaffRoom,
        Rule::SplitStaff,
        Rule::StaffBlockParts,
        // The limits on a person's week are planted in tests/check_limits.rs.
        Rule::MaxDays,
        Rule::MaxGaps,
        Rule::MaxDaily,
        Rule::MinDaily,
        Rule::MaxRun,
        Rule::MaxGapsDaily,
        Rule::LateStarts,
        // The re-solve rules (`--against`) are planted in src/check/against.rs's tests.
        Rule::ChangesListed,
        Rule::ChangeLimit,
        Rule::LockKept,
    ]);
    let missing: Vec<_> = Rule::ALL.iter().filter(|r| !covered.contains(r)).collect();
    assert!(
        missing.is_empty(),
        "rules without a planted fault: {missing:?}"
    );
}

#[test]
fn rule_names_are_stable_and_distinct() {
    let names: std::collections::BTreeSet<_> = Rule::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(names.len(), Rule::ALL.len());
    for r in Rule::ALL {
        assert_eq!(Rule::parse(r.name()), Some(*r));
        assert!(r.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
    }
}

/// A fault that always breaks some rule.
#[derive(Clone, Debug)]
enum Planted {
    DropMeeting(usize),
    DoubleMeeting(usize),
    DropEnrolment(usize),
    DropUnmet(usize),
    EnrolAnywhere(usize, usize),
    TeacherWhoCannot(usize),
    RoomOfNoUse(usize),
    OntoBusySlot(usize),
    Unblock(usize),
}

fn plant(sc: &Scenario, sol: &mut Solution, fault: &Planted) {
    let meetings = sol.meetings.len();
    match *fault {
        Planted::DropMeeting(i) => {
            sol.meetings.remove(i % meetings);
        }
        Planted::DoubleMeeting(i) => {
            let m = sol.meetings[i % meetings];
            sol.meetings.push(m);
        }
        Planted::DropEnrolment(i) => {
            // Any enrolment but a reserve (dropping a reserve leaves a valid solution).
            let keep: Vec<usize> = (0..sol.enrolments.len())
                .filter(|&k| {
                    let e = sol.enrolments[k];
                    let course = sol.classes[e.class].course;
                    !sc.pupils[e.pupil]
                        .choice_of(course)
                        .is_some_and(|c| c.reserve)
                })
                .collect();
            sol.enrolments.remove(keep[i % keep.len()]);
        }
        Planted::DropUnmet(i) => {
            let n = sol.unmet.len();
            sol.unmet.remove(i % n);
        }
        Planted::EnrolAnywhere(p, c) => {
            let e = Enrolment {
                pupil: PupilId((p % sc.pupils.len()) as u32),
                class: ClassId((c % sol.classes.len()) as u32),
            };
            sol.enrolments.push(e);
        }
        Planted::TeacherWhoCannot(i) => {
            let m = &mut sol.meetings[i % meetings];
            let course = sol.classes[m.class].course;
            m.staff = sc.staff.keys().find(|&t| !sc.staff[t].can_teach(course));
        }
        Planted::RoomOfNoUse(i) => {
            let m = &mut sol.meetings[i % meetings];
            let course = &sc.courses[sol.classes[m.class].course];
            m.room = match course.room_type {
                None => Some(RoomId(0)),
                Some(_) => sc.rooms.keys().find(|&r| !sc.rooms[r].suits(course)),
            };
        }
        Planted::OntoBusySlot(i) => {
            // Onto a slot where one of the class's pupils has another meeting.
            let m = sol.meetings[i % meetings];
            let pupils: Vec<PupilId> = sol
                .enrolments
                .iter()
                .filter(|e| e.class == m.class)
                .map(|e| e.pupil)
                .collect();
            let busy = sol.meetings.iter().find(|o| {
                o.class != m.class
                    && sol
                        .enrolments
                        .iter()
                        .any(|e| e.class == o.class && pupils.contains(&e.pupil))
            });
            let to = busy.map_or(SlotId(0), |o| o.slot);
            let same = sol.meetings.iter().position(|o| *o == m).unwrap();
            if busy.is_some() {
                sol.meetings[same].slot = to;
            } else {
                sol.meetings.remove(same);
            }
        }
        Planted::Unblock(i) => {
            let option: Vec<ClassId> = sol
                .classes
                .iter_enumerated()
                .filter(|(_, c)| c.block.is_some())
                .map(|(k, _)| k)
                .collect();
            sol.classes[option[i % option.len()]].block = None;
        }
    }
}

fn planted() -> impl Strategy<Value = Planted> {
    let i = 0usize..1000;
    prop_oneof![
        i.clone().prop_map(Planted::DropMeeting),
        i.clone().prop_map(Planted::DoubleMeeting),
        i.clone().prop_map(Planted::DropEnrolment),
        i.clone().prop_map(Planted::DropUnmet),
        (i.clone(), i.clone()).prop_map(|(p, c)| Planted::EnrolAnywhere(p, c)),
        i.clone().prop_map(Planted::TeacherWhoCannot),
        i.clone().prop_map(Planted::RoomOfNoUse),
        i.clone().prop_map(Planted::OntoBusySlot),
        i.prop_map(Planted::Unblock),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn planted_faults_are_always_caught(fault in planted()) {
        let (sc, mut sol) = fixture();
        plant(&sc, &mut sol, &fault);
        let violations = check(&sc, &sol, Mode::Full);
        prop_assert!(!violations.is_empty(), "{:?} went unnoticed", fault);
    }
}

/// The orchestra (FX-A, given) moves to a new third block of the scheme, meeting Tue:3 with
/// block 2 instead of Tue:2.
fn orchestra_in_a_third_block(sc: &mut Scenario, sol: &mut Solution) {
    let b = sc.blocks.push(tailor::scenario::Block {
        name: "3".into(),
        scheme: SchemeId(0),
        periods: 1,
        pattern: Vec::new(),
        slots: None,
    });
    sc.schemes[SchemeId(0)].blocks.push(b);
    sc.fixed[0].block = Some(b);
    let fx = course(sc, "FX");
    let tue3 = slot(sc, "Tue:3");
    sc.courses[fx].allowed.insert(tue3);
    let c = class(sol, "FX-A");
    sol.classes[c].block = Some(b);
    let i = meeting(sc, sol, "FX-A", "Tue:2");
    sol.meetings[i].slot = tue3;
}
