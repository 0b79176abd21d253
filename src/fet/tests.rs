use super::import::{import, Status};
use super::*;
use crate::scenario::{Limits, PerBlock};

/// The statuses the account gives a FET constraint kind.
fn statuses(account: &super::import::Account, kind: &str) -> Vec<Status> {
    account
        .entries
        .keys()
        .filter(|(k, _)| k == kind)
        .map(|(_, s)| *s)
        .collect()
}

/// `activity` placed at `day` and `hour`, with no room.
fn p(activity: u32, day: usize, hour: usize) -> export::Placed {
    export::Placed {
        activity,
        day,
        hour,
        room: None,
    }
}

/// The imported pupil (a FET subgroup or a teacher attending) called `id`.
fn pupil_of<'a>(raw: &'a crate::scenario::RawScenario, id: &str) -> &'a crate::scenario::RawPupil {
    raw.pupils.iter().find(|p| p.pupil == id).unwrap()
}

/// The imported teacher called `id`.
fn staff_of<'a>(raw: &'a crate::scenario::RawScenario, id: &str) -> &'a crate::scenario::RawStaff {
    raw.staff.iter().find(|s| s.staff == id).unwrap()
}

/// A FET 6 file: 2 days x 3 hours, two teachers, a year with two subgroups, a split activity
/// (2+1, min days 1), a single one with two teachers, a break, a not-available teacher, a
/// preferred room by subject, and a constraint tailor does not carry.
const TINY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<fet version="6.0.0">
<Institution_Name>Tiny</Institution_Name>
<Days_List><Number_of_Days>2</Number_of_Days>
<Day><Name>Mon</Name></Day><Day><Name>Tue</Name></Day></Days_List>
<Hours_List><Number_of_Hours>3</Number_of_Hours>
<Hour><Name>8:00</Name></Hour><Hour><Name>9:00</Name></Hour><Hour><Name>10:00</Name></Hour></Hours_List>
<Subjects_List><Subject><Name>MA</Name></Subject><Subject><Name>PE</Name></Subject></Subjects_List>
<Teachers_List><Teacher><Name>Ann</Name></Teacher><Teacher><Name>Bob</Name></Teacher></Teachers_List>
<Students_List>
<Year><Name>5</Name><Number_of_Students>0</Number_of_Students>
 <Group><Name>5a</Name><Number_of_Students>0</Number_of_Students>
  <Subgroup><Name>5a1</Name><Number_of_Students>2</Number_of_Students></Subgroup>
  <Subgroup><Name>5a2</Name><Number_of_Students>0</Number_of_Students></Subgroup>
 </Group>
</Year>
</Students_List>
<Rooms_List><Room><Name>Gym</Name><Building></Building><Capacity>30</Capacity><Virtual>false</Virtual></Room>
<Room><Name>R1</Name><Building></Building><Capacity>30</Capacity><Virtual>false</Virtual></Room></Rooms_List>
<Activities_List>
<Activity><Teacher>Ann</Teacher><Subject>MA</Subject><Students>5a</Students><Duration>2</Duration><Total_Duration>3</Total_Duration><Id>1</Id><Activity_Group_Id>1</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Ann</Teacher><Subject>MA</Subject><Students>5a</Students><Duration>1</Duration><Total_Duration>3</Total_Duration><Id>2</Id><Activity_Group_Id>1</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Bob</Teacher><Teacher>Ann</Teacher><Subject>PE</Subject><Students>5a1</Students><Duration>1</Duration><Total_Duration>1</Total_Duration><Id>3</Id><Activity_Group_Id>0</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Bob</Teacher><Subject>PE</Subject><Students>5a2</Students><Duration>1</Duration><Total_Duration>1</Total_Duration><Id>4</Id><Activity_Group_Id>0</Activity_Group_Id><Active>false</Active></Activity>
</Activities_List>
<Time_Constraints_List>
<ConstraintBasicCompulsoryTime><Weight_Percentage>100</Weight_Percentage><Active>true</Active></ConstraintBasicCompulsoryTime>
<ConstraintBreakTimes><Weight_Percentage>100</Weight_Percentage><Number_of_Break_Times>1</Number_of_Break_Times>
 <Break_Time><Day>Tue</Day><Hour>10:00</Hour></Break_Time><Active>true</Active></ConstraintBreakTimes>
<ConstraintTeacherNotAvailableTimes><Weight_Percentage>100</Weight_Percentage><Teacher>Bob</Teacher>
 <Number_of_Not_Available_Times>1</Number_of_Not_Available_Times><Not_Available_Time><Day>Mon</Day><Hour>8:00</Hour></Not_Available_Time><Active>true</Active></ConstraintTeacherNotAvailableTimes>
<ConstraintMinDaysBetweenActivities><Weight_Percentage>100</Weight_Percentage><Consecutive_If_Same_Day>true</Consecutive_If_Same_Day>
 <Number_of_Activities>2</Number_of_Activities><Activity_Id>1</Activity_Id><Activity_Id>2</Activity_Id><MinDays>1</MinDays><Active>true</Active></ConstraintMinDaysBetweenActivities>
<ConstraintTeacherMaxDaysPerWeek><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Ann</Teacher_Name><Max_Days_Per_Week>2</Max_Days_Per_Week><Active>true</Active></ConstraintTeacherMaxDaysPerWeek>
<ConstraintActivitiesSameStartingTime><Weight_Percentage>95</Weight_Percentage><Number_of_Activities>2</Number_of_Activities><Activity_Id>2</Activity_Id><Activity_Id>3</Activity_Id><Active>true</Active></ConstraintActivitiesSameStartingTime>
</Time_Constraints_List>
<Space_Constraints_List>
<ConstraintBasicCompulsorySpace><Weight_Percentage>100</Weight_Percentage><Active>true</Active></ConstraintBasicCompulsorySpace>
<ConstraintSubjectPreferredRoom><Weight_Percentage>100</Weight_Percentage><Subject>PE</Subject><Room>Gym</Room><Active>true</Active></ConstraintSubjectPreferredRoom>
</Space_Constraints_List>
</fet>
"#;

#[test]
fn parses_the_basic_data_and_constraints() {
    let f = parse("tiny.fet", TINY.as_bytes()).unwrap();
    assert_eq!(f.version, "6.0.0");
    assert_eq!(f.days, ["Mon", "Tue"]);
    assert_eq!(f.hours, ["8:00", "9:00", "10:00"]);
    assert_eq!(f.years[0].groups[0].subgroups.len(), 2);
    assert_eq!(f.activities.len(), 4);
    assert_eq!(f.activities[2].teachers, ["Bob", "Ann"]);
    assert!(!f.activities[3].active);
    assert_eq!(f.time.len(), 6);
    assert_eq!(f.time[3].rule, Rule::MinDays(vec![1, 2], 1));
    assert_eq!(f.time[5].weight, 95.0);
    assert_eq!(
        f.time[4].rule,
        Rule::MaxDays(Whom::Teacher("Ann".into()), 2)
    );
    assert_eq!(
        f.space[1].rule,
        Rule::SubjectRooms("PE".into(), vec!["Gym".into()])
    );
}

#[test]
fn malformed_xml_names_line_and_column() {
    let bad = "<fet version=\"6\">\n<Days_List>\n<Day></Dya>\n</fet>";
    let e = parse("bad.fet", bad.as_bytes()).unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("bad.fet:3: column "), "{text}");
    assert!(text.contains("malformed XML"), "{text}");
}

#[test]
fn bad_numbers_are_all_reported_at_their_place() {
    let bad = TINY
        .replace("<Duration>2</Duration>", "<Duration>two</Duration>")
        .replace(
            "<Capacity>30</Capacity><Virtual>false</Virtual></Room>\n<Room>",
            "<Capacity>-1</Capacity><Virtual>false</Virtual></Room>\n<Room>",
        );
    let e = parse("tiny.fet", bad.as_bytes()).unwrap_err();
    assert_eq!(e.0.len(), 2, "{e}");
    assert!(e
        .to_string()
        .contains("Duration: expected a whole number, found \"two\""));
    assert!(e
        .to_string()
        .contains("Capacity: expected a whole number, found \"-1\""));
}

#[test]
fn imports_as_fixed_courses_with_the_rules_carried() {
    let f = parse("tiny.fet", TINY.as_bytes()).unwrap();
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    // Hours lose their ':' to be legal period names.
    assert_eq!(raw.school.week.periods, ["8.00", "9.00", "10.00"]);
    // The split is one course: 3 periods in runs 2+1 on distinct days.
    let ma = &raw.courses[0];
    assert_eq!(
        (ma.course.as_str(), ma.periods, ma.pattern.as_str()),
        ("A1", 3, "2+1")
    );
    assert_eq!(ma.room_type, "none");
    // The break is allowed to nobody.
    assert!(!ma.allowed.contains(&"Tue:10.00".to_string()));
    assert_eq!(ma.allowed.len(), 5);
    // PE: Bob is unavailable Mon 8:00 and Ann is its second teacher; it needs the gym.
    let pe = &raw.courses[1];
    assert_eq!(pe.course, "A3");
    assert!(!pe.allowed.contains(&"Mon:8.00".to_string()));
    assert_eq!(pe.room_type, "room");
    let gym = raw.rooms.iter().find(|r| r.room == "Gym").unwrap();
    assert_eq!(gym.features, pe.features);
    assert!(raw
        .rooms
        .iter()
        .find(|r| r.room == "R1")
        .unwrap()
        .features
        .is_empty());
    // Pupils: one per subgroup, and Ann as second teacher.
    let ids: Vec<&str> = raw.pupils.iter().map(|p| p.pupil.as_str()).collect();
    assert_eq!(ids, ["5a1", "5a2", "teacher:Ann"]);
    let in_class = |c: &str| -> Vec<&str> {
        raw.fixed
            .iter()
            .filter(|x| x.class == c)
            .map(|x| x.pupil.as_str())
            .collect()
    };
    assert_eq!(in_class("A1"), ["5a1", "5a2", "teacher:Ann"]);
    assert_eq!(in_class("A3"), ["5a1", "teacher:Ann"]);
    let bob = staff_of(&raw, "Bob");
    assert_eq!(bob.unavailable, ["Mon:8.00"]);
    assert_eq!(bob.teaches, ["A3"]);
    // The inactive activity is left out; every constraint is accounted for.
    assert_eq!(
        (account.activities, account.left_out, account.courses),
        (3, 1, 2)
    );
    let status = |k: &str| statuses(&account, k);
    assert_eq!(
        status("ConstraintMinDaysBetweenActivities"),
        [Status::Carried]
    );
    assert_eq!(status("ConstraintTeacherMaxDaysPerWeek"), [Status::Carried]);
    assert_eq!(
        status("ConstraintActivitiesSameStartingTime"),
        [Status::NotCarried]
    );
    assert_eq!(account.unsupported_hard(), 0);
    let md = account.markdown("tiny.fet");
    assert!(
        md.contains("| ConstraintTeacherMaxDaysPerWeek | carried | 1 | 100 |"),
        "{md}"
    );
    // Ann's max days go to the pupil teacher:Ann, who attends all her activities.
    assert_eq!(raw.pupils[2].limits.max_days, Some(2));
    let ann = staff_of(&raw, "Ann");
    assert!(ann.limits.is_none());
    // The break is a closed slot: never a gap.
    assert_eq!(raw.school.rules.closed, ["Tue:10.00"]);
    assert!(
        md.contains("| ConstraintActivitiesSameStartingTime | not carried | 1 | 95 |"),
        "{md}"
    );
    // And the scenario loads.
    crate::load::resolve(&raw).unwrap();
}

#[test]
fn unknown_times_in_constraints_are_errors_with_their_line() {
    let bad = TINY.replace(
        "<Day>Tue</Day><Hour>10:00</Hour>",
        "<Day>Wed</Day><Hour>10:00</Hour>",
    );
    let f = parse("tiny.fet", bad.as_bytes()).unwrap();
    let e = import(&f, "tiny.fet", "tiny").unwrap_err();
    assert!(e.to_string().starts_with("tiny.fet:"), "{e}");
    assert!(e.to_string().contains("found \"Wed\" \"10:00\""), "{e}");
}

#[test]
fn locked_file_replaces_the_locks_of_placed_activities() {
    let f = parse("tiny.fet", TINY.as_bytes()).unwrap();
    let placed = vec![
        export::Placed {
            activity: 1,
            day: 0,
            hour: 1,
            room: None,
        },
        export::Placed {
            activity: 3,
            day: 1,
            hour: 0,
            room: Some("Gym".into()),
        },
    ];
    let text = export::locked_file(TINY, &f, &placed).unwrap();
    let again = parse("out.fet", text.as_bytes()).unwrap();
    assert_eq!(again.activities, f.activities);
    let starts: Vec<&Rule> = again
        .time
        .iter()
        .filter(|c| c.kind == "ConstraintActivityPreferredStartingTime")
        .map(|c| &c.rule)
        .collect();
    assert_eq!(
        starts,
        [
            &Rule::ActivityStarts(1, vec![("Mon".into(), "9:00".into())]),
            &Rule::ActivityStarts(3, vec![("Tue".into(), "8:00".into())])
        ]
    );
    assert!(again
        .space
        .iter()
        .any(|c| c.rule == Rule::ActivityRooms(3, vec!["Gym".into()])));
    // Exporting again replaces, never duplicates.
    let twice = export::locked_file(&text, &again, &placed).unwrap();
    assert_eq!(twice, text);
    let csv = export::timetable_csv(&f, &placed);
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "\"Activity Id\",\"Day\",\"Hour\",\"Students Sets\",\"Subject\",\"Teachers\",\"Activity Tags\",\"Room\",\"Comments\"",
            "\"1\",\"Mon\",\"9:00\",\"5a\",\"MA\",\"Ann\",\"\",\"\",\"\"",
            "\"1\",\"Mon\",\"10:00\",\"5a\",\"MA\",\"Ann\",\"\",\"\",\"\"",
            "\"3\",\"Tue\",\"8:00\",\"5a1\",\"PE\",\"Bob+Ann\",\"\",\"Gym\",\"\"",
        ]
    );
}

#[test]
fn rooms_too_small_for_fets_count_are_not_offered() {
    // 5a1 has 2 students: a gym of 1 seat cannot take PE, so PE has no room that suits it.
    let small = TINY.replacen("<Capacity>30</Capacity>", "<Capacity>1</Capacity>", 1);
    let f = parse("tiny.fet", small.as_bytes()).unwrap();
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    assert_eq!(raw.courses[1].room_type, "none");
    assert_eq!(account.room_conflicts, 1);
    assert!(account
        .markdown("tiny.fet")
        .contains("1 activities whose 100% room constraints"));
    assert!(raw.rooms.iter().all(|r| r.features.is_empty()));
}

#[test]
fn the_fet_table_finds_planted_faults() {
    let f = parse("tiny.fet", TINY.as_bytes()).unwrap();
    let p = |activity, day, hour, room: Option<&str>| export::Placed {
        activity,
        day,
        hour,
        room: room.map(str::to_owned),
    };
    // A good week but for the soft same start: MA Mon 9-10 and Tue 8, PE Tue 9 in the gym.
    let good = vec![p(1, 0, 1, None), p(2, 1, 0, None), p(3, 1, 1, Some("Gym"))];
    let t = rules::judge(&f, &good);
    let broken: Vec<&String> = t
        .iter()
        .filter(|(_, r)| r.broken.unwrap_or(0) > 0)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(broken, ["ConstraintActivitiesSameStartingTime"]);
    // PE when Bob is away and not in the gym; MA twice on Monday; MA over the break.
    let bad = vec![p(1, 1, 1, None), p(2, 1, 0, None), p(3, 0, 0, Some("R1"))];
    let t = rules::judge(&f, &bad);
    let broken = |k: &str| t[k].broken;
    assert_eq!(broken("ConstraintTeacherNotAvailableTimes"), Some(1));
    assert_eq!(broken("ConstraintMinDaysBetweenActivities"), Some(1));
    assert_eq!(broken("ConstraintBreakTimes"), Some(1));
    assert_eq!(broken("ConstraintSubjectPreferredRoom"), Some(1));
    // Ann teaches on both days: within her max of 2.
    assert_eq!(broken("ConstraintTeacherMaxDaysPerWeek"), Some(0));
    // Same start of activities 2 and 3 (95%): broken, soft cost 95.
    assert_eq!(broken("ConstraintActivitiesSameStartingTime"), Some(1));
    assert_eq!(t["ConstraintActivitiesSameStartingTime"].soft_cost, 95.0);
    assert!(rules::table_text(&t).contains("ConstraintTeacherMaxDaysPerWeek"));
}

/// TINY with limits: Bob at most 1 day, every teacher at most 0 gaps, 5a1 at most 1 hour a day.
fn with_limits() -> String {
    TINY.replace(
        "</Time_Constraints_List>",
        "<ConstraintTeacherMaxDaysPerWeek><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Bob</Teacher_Name><Max_Days_Per_Week>1</Max_Days_Per_Week><Active>true</Active></ConstraintTeacherMaxDaysPerWeek>
<ConstraintTeachersMaxGapsPerWeek><Weight_Percentage>100</Weight_Percentage><Max_Gaps>0</Max_Gaps><Active>true</Active></ConstraintTeachersMaxGapsPerWeek>
<ConstraintStudentsSetMaxHoursDaily><Weight_Percentage>100</Weight_Percentage><Maximum_Hours_Daily>2</Maximum_Hours_Daily><Students>5a1</Students><Active>true</Active></ConstraintStudentsSetMaxHoursDaily>
<ConstraintStudentsMaxGapsPerWeek><Weight_Percentage>90</Weight_Percentage><Max_Gaps>0</Max_Gaps><Active>true</Active></ConstraintStudentsMaxGapsPerWeek>
</Time_Constraints_List>",
    )
}

#[test]
fn limits_are_carried_into_staff_and_pupils() {
    let text = with_limits();
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    let bob = staff_of(&raw, "Bob");
    assert_eq!(
        bob.limits,
        Limits {
            max_days: Some(1),
            max_gaps: Some(0),
            ..Limits::default()
        }
    );
    // Ann attends as teacher:Ann: her limits (2 days, every teacher's 0 gaps) are that pupil's.
    let ann = pupil_of(&raw, "teacher:Ann");
    assert_eq!(
        (ann.limits.max_days, ann.limits.max_gaps),
        (Some(2), Some(0))
    );
    let s1 = pupil_of(&raw, "5a1");
    assert_eq!(s1.limits.max_daily, Some(2));
    // The 90% students' gaps are soft: not carried.
    let status = |k: &str| statuses(&account, k);
    assert_eq!(
        status("ConstraintTeachersMaxGapsPerWeek"),
        [Status::Carried]
    );
    assert_eq!(
        status("ConstraintStudentsSetMaxHoursDaily"),
        [Status::Carried]
    );
    assert_eq!(
        status("ConstraintStudentsMaxGapsPerWeek"),
        [Status::NotCarried]
    );
    // The scenario loads with the limits on its people.
    let s = crate::load::resolve(&raw).unwrap().scenario;
    let bob = s.staff_ids.get("Bob").unwrap();
    assert_eq!(s.staff[bob].limits.max_days, Some(1));
}

#[test]
fn the_fet_table_judges_limits() {
    let text = with_limits();
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    // Ann and 5a1: MA Mon 8-9 (2 hours); PE Tue 8 and MA Tue 9: no gap, 2 hours a day.
    let good = vec![p(1, 0, 0), p(3, 1, 0), p(2, 1, 1)];
    let t = rules::judge(&f, &good);
    assert_eq!(t["ConstraintTeachersMaxGapsPerWeek"].broken, Some(0));
    assert_eq!(t["ConstraintStudentsSetMaxHoursDaily"].broken, Some(0));
    // PE on Monday after MA's two hours: 3 hours for 5a1, over 2.
    let bad = vec![p(1, 0, 0), p(3, 0, 2), p(2, 1, 0)];
    let t = rules::judge(&f, &bad);
    assert_eq!(t["ConstraintStudentsSetMaxHoursDaily"].broken, Some(1));
    assert_eq!(t["ConstraintTeachersMaxGapsPerWeek"].broken, Some(0));
    // MA's single Mon 8 and PE Mon 10: a gap at 9 for Ann (and 5a1, whose limit is soft).
    let gap = vec![p(2, 0, 0), p(3, 0, 2), p(1, 1, 0)];
    let t = rules::judge(&f, &gap);
    assert_eq!(t["ConstraintTeachersMaxGapsPerWeek"].broken, Some(1));
    assert_eq!(t["ConstraintTeacherMaxDaysPerWeek"].broken, Some(0));
}

/// Four teachers, groups 5a and 5b: MA of Ann (5a) and of Bob (5b), split 1+1, tied part by
/// part; SC of Ann and Bob, 2 hours each, tied; PE of Cy (5a, split 1+1) tied to AR (5b) by one
/// part only.
const SAME_START: &str = include_str!("../../tests/fixtures/fet/same-start.fet");

#[test]
fn activities_that_start_together_are_blocks() {
    let f = parse("same-start.fet", SAME_START.as_bytes()).unwrap();
    let (raw, account) = import(&f, "same-start.fet", "same-start").unwrap();
    // One scheme of given classes only, over year 5: MA's block (1+1, the min-days rule of
    // Ann's split holding for both) and SC's (one double).
    assert_eq!(raw.school.schemes.len(), 1);
    let scheme = &raw.school.schemes[0];
    assert!(!scheme.apart);
    assert_eq!(scheme.stages, ["5"]);
    assert_eq!(scheme.blocks, ["BA1", "BA8"]);
    assert_eq!(scheme.periods, PerBlock::Each(vec![2, 2]));
    assert_eq!(
        scheme.pattern,
        Some(PerBlock::Each(vec!["1+1".into(), "2".into()]))
    );
    assert!(raw.school.options.is_none());
    let block_of = |c: &str| {
        raw.fixed
            .iter()
            .filter(|x| x.class == c)
            .map(|x| x.block.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(block_of("A1"), ["BA1"]);
    assert_eq!(block_of("A3"), ["BA1"]);
    assert_eq!(block_of("A8"), ["BA8"]);
    assert_eq!(block_of("A9"), ["BA8"]);
    // PE's second part is tied to nothing: no block, and that constraint is not carried.
    assert_eq!(block_of("A5"), [""]);
    assert_eq!(block_of("A7"), [""]);
    let a3 = raw.courses.iter().find(|c| c.course == "A3").unwrap();
    assert_eq!(a3.pattern, "1+1");
    let same = |s| {
        account
            .entries
            .get(&("ConstraintActivitiesSameStartingTime".to_string(), s))
            .map(|e| e.count)
    };
    assert_eq!(same(Status::Carried), Some(3));
    assert_eq!(same(Status::NotCarried), Some(1));
    assert_eq!(account.blocks, 2);
    assert!(account.markdown("same-start.fet").contains("2 blocks"));
    let s = crate::load::resolve(&raw).unwrap().scenario;
    assert!(!s.schemes[crate::ids::SchemeId(0)].apart);
    assert_eq!(s.blocks.len(), 2);
}

#[test]
fn a_tie_of_two_activities_of_one_teacher_is_no_block() {
    // Bob's SC tied to Ann's MA part: Ann's SC too makes Ann twice in one start.
    let text = SAME_START.replace(
        "<Activity_Id>8</Activity_Id><Activity_Id>9</Activity_Id>",
        "<Activity_Id>8</Activity_Id><Activity_Id>9</Activity_Id><Activity_Id>2</Activity_Id>",
    );
    let f = parse("same-start.fet", text.as_bytes()).unwrap();
    let (raw, account) = import(&f, "same-start.fet", "same-start").unwrap();
    // 1-3, 2-4 and 8-9-2 join MA's and SC's groups into one component that is no block.
    assert!(raw.school.schemes.is_empty());
    assert!(raw.fixed.iter().all(|x| x.block.is_empty()));
    assert_eq!(account.blocks, 0);
    crate::load::resolve(&raw).unwrap();
}

/// TINY with Bob at least 2 hours a day he teaches, 5a1 at least 1 hour on every day, and every
/// teacher at most 1 hour in a row.
fn with_daily() -> String {
    TINY.replace(
        "</Time_Constraints_List>",
        "<ConstraintTeacherMinHoursDaily><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Bob</Teacher_Name><Minimum_Hours_Daily>2</Minimum_Hours_Daily><Allow_Empty_Days>true</Allow_Empty_Days><Active>true</Active></ConstraintTeacherMinHoursDaily>
<ConstraintStudentsSetMinHoursDaily><Weight_Percentage>100</Weight_Percentage><Minimum_Hours_Daily>1</Minimum_Hours_Daily><Students>5a1</Students><Allow_Empty_Days>false</Allow_Empty_Days><Active>true</Active></ConstraintStudentsSetMinHoursDaily>
<ConstraintTeachersMaxHoursContinuously><Weight_Percentage>100</Weight_Percentage><Maximum_Hours_Continuously>1</Maximum_Hours_Continuously><Active>true</Active></ConstraintTeachersMaxHoursContinuously>
</Time_Constraints_List>",
    )
}

#[test]
fn daily_minimums_and_hours_in_a_row_are_carried_and_judged() {
    let text = with_daily();
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    assert_eq!(
        f.time[6].rule,
        Rule::MinDaily(Whom::Teacher("Bob".into()), 2, true)
    );
    assert_eq!(f.time[8].rule, Rule::MaxRun(Whom::Teachers, 1));
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    let bob = staff_of(&raw, "Bob");
    assert_eq!(
        (bob.limits.min_daily, bob.limits.max_run),
        (Some(2), Some(1))
    );
    let s1 = pupil_of(&raw, "5a1");
    assert_eq!(s1.limits.min_daily, Some(1));
    let status = |k: &str| statuses(&account, k);
    assert_eq!(status("ConstraintTeacherMinHoursDaily"), [Status::Carried]);
    // FET wants 5a1 on both days; tailor lets a day be free.
    assert_eq!(
        status("ConstraintStudentsSetMinHoursDaily"),
        [Status::Looser]
    );
    assert_eq!(
        status("ConstraintTeachersMaxHoursContinuously"),
        [Status::Carried]
    );
    crate::load::resolve(&raw).unwrap();
    // MA's double Mon 8-9 is two hours in a row for Ann; PE Tue 8 is Bob's only hour.
    let t = rules::judge(&f, &[p(1, 0, 0), p(3, 1, 0), p(2, 1, 2)]);
    assert_eq!(t["ConstraintTeachersMaxHoursContinuously"].broken, Some(1));
    assert_eq!(t["ConstraintTeacherMinHoursDaily"].broken, Some(1));
    assert_eq!(t["ConstraintStudentsSetMinHoursDaily"].broken, Some(0));
    // 5a1 only on Tuesday: an empty Monday breaks FET's minimum.
    let t = rules::judge(&f, &[p(1, 1, 0), p(3, 1, 2), p(2, 1, 2)]);
    assert_eq!(t["ConstraintStudentsSetMinHoursDaily"].broken, Some(1));
}

/// TINY with home rooms: Ann's is R1 (MA: she is its only teacher), and 5a1's is R1 too (PE
/// is 5a1's only set, but its preferred gym overrides a home room).
fn with_home_rooms() -> String {
    TINY.replace(
        "</Space_Constraints_List>",
        "<ConstraintTeacherHomeRoom><Weight_Percentage>100</Weight_Percentage><Teacher>Ann</Teacher><Room>R1</Room><Active>true</Active></ConstraintTeacherHomeRoom>
<ConstraintStudentsSetHomeRooms><Weight_Percentage>100</Weight_Percentage><Students>5a1</Students><Number_of_Preferred_Rooms>1</Number_of_Preferred_Rooms><Preferred_Room>R1</Preferred_Room><Active>true</Active></ConstraintStudentsSetHomeRooms>
</Space_Constraints_List>",
    )
}

#[test]
fn home_rooms_are_carried_where_no_preferred_room_overrides_them() {
    let text = with_home_rooms();
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    let (ma, pe) = (&raw.courses[0], &raw.courses[1]);
    let room = |r: &str| raw.rooms.iter().find(|x| x.room == r).unwrap();
    // MA meets in R1 only; PE keeps the gym.
    assert_eq!(ma.room_type, "room");
    assert_eq!(room("R1").features, ma.features);
    assert_eq!(room("Gym").features, pe.features);
    assert_ne!(ma.features, pe.features);
    assert_eq!(
        statuses(&account, "ConstraintTeacherHomeRoom"),
        [Status::Carried]
    );
    assert_eq!(account.unsupported_hard(), 0);
    crate::load::resolve(&raw).unwrap();
    // Judged: MA out of R1 breaks Ann's home room; PE in the gym breaks no home room of 5a1.
    let p = |activity, day, hour, room: &str| export::Placed {
        activity,
        day,
        hour,
        room: Some(room.to_owned()),
    };
    let broken = |placed: &[export::Placed], k: &str| rules::judge(&f, placed)[k].broken;
    let good = [p(1, 0, 1, "R1"), p(2, 1, 0, "R1"), p(3, 1, 1, "Gym")];
    assert_eq!(broken(&good, "ConstraintTeacherHomeRoom"), Some(0));
    assert_eq!(broken(&good, "ConstraintStudentsSetHomeRooms"), Some(0));
    let bad = [p(1, 0, 1, "R1"), p(2, 1, 0, "Gym"), p(3, 1, 1, "Gym")];
    assert_eq!(broken(&bad, "ConstraintTeacherHomeRoom"), Some(1));
}

#[test]
fn min_days_between_groups_are_kept_apart() {
    // All of the split and PE (exact), only the split's single and PE (stricter: the whole
    // split is kept apart), and two days apart in a week of two days (not carried).
    let md = |ids: &[u32], days: u32| {
        let list: String = ids
            .iter()
            .map(|i| format!("<Activity_Id>{i}</Activity_Id>"))
            .collect();
        format!(
            "<ConstraintMinDaysBetweenActivities><Weight_Percentage>100</Weight_Percentage>\
             <Consecutive_If_Same_Day>false</Consecutive_If_Same_Day><Number_of_Activities>{}\
             </Number_of_Activities>{list}<MinDays>{days}</MinDays><Active>true</Active>\
             </ConstraintMinDaysBetweenActivities>\n",
            ids.len()
        )
    };
    let text = TINY.replace(
        "</Time_Constraints_List>",
        &format!(
            "{}{}{}</Time_Constraints_List>",
            md(&[1, 2, 3], 1),
            md(&[2, 3], 1),
            md(&[1, 3], 2)
        ),
    );
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    assert_eq!(
        statuses(&account, "ConstraintMinDaysBetweenActivities"),
        [Status::Carried, Status::Stricter, Status::NotCarried]
    );
    assert_eq!(
        raw.school.rules.apart,
        [crate::scenario::ApartFile {
            courses: vec!["A1".into(), "A3".into()],
            days: 1
        }]
    );
    // The split keeps its pattern: each sub-activity is one meeting.
    assert_eq!(raw.courses[0].pattern, "2+1");
    let scenario = crate::load::resolve(&raw).unwrap().scenario;
    assert_eq!(scenario.apart.len(), 1);
    assert_eq!(scenario.apart[0].days, 1);
}

#[test]
fn rooms_seat_the_imported_pupils_of_the_classes_they_may_take() {
    // The gym seats 2 in FET, and 5a1's count of 2 lets PE in; PE's class is 5a1 and Ann (as a
    // pupil): 2 imported pupils. With 5a1 counted 1 and the gym 1 seat, FET's count still lets
    // PE in, and the gym seats PE's 2 imported pupils in rooms.csv.
    let text = TINY
        .replacen("<Capacity>30</Capacity>", "<Capacity>1</Capacity>", 1)
        .replace(
            "<Name>5a1</Name><Number_of_Students>2</Number_of_Students>",
            "<Name>5a1</Name><Number_of_Students>1</Number_of_Students>",
        );
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    assert_eq!(raw.courses[1].room_type, "room");
    let gym = raw.rooms.iter().find(|r| r.room == "Gym").unwrap();
    assert_eq!(gym.capacity, 2);
    assert_eq!(account.capacities_raised, 1);
    assert!(account
        .markdown("tiny.fet")
        .contains("1 rooms seat more in rooms.csv than in the file"));
    crate::load::resolve(&raw).unwrap();
}

/// TINY with no gap on any day for every teacher, every students set starting at the first
/// hour, and MA's single hour and PE never at once.
fn with_early() -> String {
    TINY.replace(
        "</Time_Constraints_List>",
        "<ConstraintTeachersMaxGapsPerDay><Weight_Percentage>100</Weight_Percentage><Max_Gaps>0</Max_Gaps><Active>true</Active></ConstraintTeachersMaxGapsPerDay>
<ConstraintStudentsEarlyMaxBeginningsAtSecondHour><Weight_Percentage>100</Weight_Percentage><Max_Beginnings_At_Second_Hour>0</Max_Beginnings_At_Second_Hour><Active>true</Active></ConstraintStudentsEarlyMaxBeginningsAtSecondHour>
<ConstraintActivitiesNotOverlapping><Weight_Percentage>100</Weight_Percentage><Number_of_Activities>2</Number_of_Activities><Activity_Id>2</Activity_Id><Activity_Id>3</Activity_Id><Active>true</Active></ConstraintActivitiesNotOverlapping>
</Time_Constraints_List>",
    )
}

#[test]
fn daily_gaps_early_starts_and_activities_not_overlapping_are_carried_and_judged() {
    let text = with_early();
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    let n = f.time.len();
    assert_eq!(f.time[n - 3].rule, Rule::MaxGapsDaily(Whom::Teachers, 0));
    assert_eq!(f.time[n - 2].rule, Rule::EarlyStarts(Whom::Students, 0));
    assert_eq!(f.time[n - 1].rule, Rule::NotOverlapping(vec![2, 3]));
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    assert_eq!(staff_of(&raw, "Bob").limits.max_gaps_daily, Some(0));
    // Ann attends PE as its second teacher: her limits are her pupil's.
    assert_eq!(pupil_of(&raw, "teacher:Ann").limits.max_gaps_daily, Some(0));
    assert_eq!(pupil_of(&raw, "5a1").limits.max_late_starts, Some(0));
    assert_eq!(pupil_of(&raw, "teacher:Ann").limits.max_late_starts, None);
    // One pupil attends MA and PE, so that they never share a slot; MA is listed by one of its
    // two activities, so its double is kept from PE too (stricter).
    let attends = |p: &str| -> Vec<&str> {
        raw.fixed
            .iter()
            .filter(|x| x.pupil == p)
            .map(|x| x.class.as_str())
            .collect()
    };
    assert_eq!(attends("not-overlapping:1"), ["A1", "A3"]);
    let status = |k: &str| statuses(&account, k);
    assert_eq!(status("ConstraintTeachersMaxGapsPerDay"), [Status::Carried]);
    assert_eq!(
        status("ConstraintStudentsEarlyMaxBeginningsAtSecondHour"),
        [Status::Carried]
    );
    assert_eq!(
        status("ConstraintActivitiesNotOverlapping"),
        [Status::Stricter]
    );
    let s = crate::load::resolve(&raw).unwrap().scenario;
    assert!(s.pupils.iter().any(|p| p.limits.max_late_starts == Some(0)));
    let broken = |placed: &[export::Placed], k: &str| rules::judge(&f, placed)[k].broken;
    // MA Mon 8-9 and Tue 9, PE Tue 8: no gaps, no overlap; 5a2 (in MA only) starts at 9 on
    // Tuesday.
    let week = [p(1, 0, 0), p(2, 1, 1), p(3, 1, 0)];
    assert_eq!(broken(&week, "ConstraintTeachersMaxGapsPerDay"), Some(0));
    assert_eq!(broken(&week, "ConstraintActivitiesNotOverlapping"), Some(0));
    assert_eq!(
        broken(&week, "ConstraintStudentsEarlyMaxBeginningsAtSecondHour"),
        Some(1)
    );
    // PE Mon 8 and MA's single Mon 10: a gap of Ann's at 9, and 5a2 starts after two free
    // hours; MA's double Tue 8-9.
    let week = [p(3, 0, 0), p(2, 0, 2), p(1, 1, 0)];
    assert_eq!(broken(&week, "ConstraintTeachersMaxGapsPerDay"), Some(1));
    assert_eq!(
        broken(&week, "ConstraintStudentsEarlyMaxBeginningsAtSecondHour"),
        Some(1)
    );
    // MA's single Mon 8, PE Mon 9, MA's double Tue 8-9: everyone starts at 8 with no gap.
    let week = [p(2, 0, 0), p(3, 0, 1), p(1, 1, 0)];
    assert_eq!(broken(&week, "ConstraintTeachersMaxGapsPerDay"), Some(0));
    assert_eq!(
        broken(&week, "ConstraintStudentsEarlyMaxBeginningsAtSecondHour"),
        Some(0)
    );
    // MA's single and PE at once.
    let week = [p(1, 0, 0), p(2, 1, 0), p(3, 1, 0)];
    assert_eq!(broken(&week, "ConstraintActivitiesNotOverlapping"), Some(1));
}

#[test]
fn a_component_of_a_split_pinned_by_subactivities_slots_is_a_course_of_its_own() {
    // MA's second component (its single hour) on Tuesday at 8 or 9: that component is course
    // A2 with those slots, the double is A1 anywhere, and the split's min days keep them apart.
    let text = TINY.replace(
        "</Time_Constraints_List>",
        "<ConstraintSubactivitiesPreferredTimeSlots><Weight_Percentage>100</Weight_Percentage>\
         <Component_Number>2</Component_Number><Teacher_Name></Teacher_Name><Students_Name>\
         </Students_Name><Subject_Name>MA</Subject_Name><Activity_Tag_Name></Activity_Tag_Name>\
         <Number_of_Preferred_Time_Slots>2</Number_of_Preferred_Time_Slots>\
         <Preferred_Time_Slot><Preferred_Day>Tue</Preferred_Day><Preferred_Hour>8:00</Preferred_Hour></Preferred_Time_Slot>\
         <Preferred_Time_Slot><Preferred_Day>Tue</Preferred_Day><Preferred_Hour>9:00</Preferred_Hour></Preferred_Time_Slot>\
         <Active>true</Active></ConstraintSubactivitiesPreferredTimeSlots>\n</Time_Constraints_List>",
    );
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    let components: Vec<u32> = f.activities.iter().map(|a| a.component).collect();
    assert_eq!(components, [1, 2, 1, 1]);
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    let course = |id: &str| raw.courses.iter().find(|c| c.course == id).unwrap();
    assert_eq!(course("A2").allowed, ["Tue:8.00", "Tue:9.00"]);
    assert_eq!(course("A1").periods, 2);
    assert_eq!(course("A1").allowed.len(), 5);
    assert_eq!(
        statuses(&account, "ConstraintSubactivitiesPreferredTimeSlots"),
        [Status::Carried]
    );
    assert_eq!(
        statuses(&account, "ConstraintMinDaysBetweenActivities"),
        [Status::Carried]
    );
    assert_eq!(
        raw.school.rules.apart,
        [crate::scenario::ApartFile {
            courses: vec!["A1".into(), "A2".into()],
            days: 1
        }]
    );
    crate::load::resolve(&raw).unwrap();
    let broken = |placed: &[export::Placed]| {
        rules::judge(&f, placed)["ConstraintSubactivitiesPreferredTimeSlots"].broken
    };
    assert_eq!(broken(&[p(1, 0, 0), p(2, 1, 1), p(3, 1, 0)]), Some(0));
    assert_eq!(broken(&[p(1, 1, 0), p(2, 0, 2), p(3, 0, 1)]), Some(1));
}

#[test]
fn consecutive_sub_activities_of_one_split_are_one_run() {
    // MA's single hour (activity 2) then its double (activity 1): one run of three hours, in
    // that order; PE and MA grouped are of two courses, so not carried.
    let min_days = TINY.find("<ConstraintMinDaysBetweenActivities>").unwrap();
    let end = TINY.find("</ConstraintMinDaysBetweenActivities>").unwrap()
        + "</ConstraintMinDaysBetweenActivities>".len();
    let text = format!("{}{}", &TINY[..min_days], &TINY[end..]).replace(
        "</Time_Constraints_List>",
        "<ConstraintTwoActivitiesConsecutive><Weight_Percentage>100</Weight_Percentage>\
         <First_Activity_Id>2</First_Activity_Id><Second_Activity_Id>1</Second_Activity_Id>\
         <Active>true</Active></ConstraintTwoActivitiesConsecutive>\
         <ConstraintTwoActivitiesGrouped><Weight_Percentage>100</Weight_Percentage>\
         <First_Activity_Id>3</First_Activity_Id><Second_Activity_Id>1</Second_Activity_Id>\
         <Active>true</Active></ConstraintTwoActivitiesGrouped>\n</Time_Constraints_List>",
    );
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    let n = f.time.len();
    assert_eq!(f.time[n - 2].rule, Rule::Consecutive(2, 1));
    assert_eq!(f.time[n - 1].rule, Rule::Grouped(vec![3, 1]));
    let links = super::import::Links::of(&f);
    let subs: Vec<&super::Activity> = f.activities[..2].iter().collect();
    let runs: Vec<Vec<u32>> = links
        .runs(&subs, 3)
        .iter()
        .map(|r| r.iter().map(|a| a.id).collect())
        .collect();
    assert_eq!(runs, [vec![2, 1]]);
    // Too long for a day of two hours: two runs.
    assert_eq!(links.runs(&subs, 2).len(), 2);
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    assert_eq!(raw.courses[0].pattern, "3");
    assert_eq!(
        statuses(&account, "ConstraintTwoActivitiesConsecutive"),
        [Status::Stricter]
    );
    assert_eq!(
        statuses(&account, "ConstraintTwoActivitiesGrouped"),
        [Status::NotCarried]
    );
    crate::load::resolve(&raw).unwrap();
    let broken = |placed: &[export::Placed], k: &str| rules::judge(&f, placed)[k].broken;
    // 2 at Mon 8, 1 at Mon 9-10; PE Tue 8.
    let week = [p(1, 0, 1), p(2, 0, 0), p(3, 1, 0)];
    assert_eq!(broken(&week, "ConstraintTwoActivitiesConsecutive"), Some(0));
    assert_eq!(broken(&week, "ConstraintTwoActivitiesGrouped"), Some(1));
    // 1 at Mon 8-9 and 2 at Mon 10: the wrong order.
    let week = [p(1, 0, 0), p(2, 0, 2), p(3, 1, 1)];
    assert_eq!(broken(&week, "ConstraintTwoActivitiesConsecutive"), Some(1));
    // PE Mon 10 right after the double Mon 8-9: grouped.
    let week = [p(1, 0, 0), p(2, 1, 0), p(3, 0, 2)];
    assert_eq!(broken(&week, "ConstraintTwoActivitiesGrouped"), Some(0));
}

#[test]
fn two_activities_ordered_is_the_second_course_after_the_first() {
    // PE (3) before MA's double (1): MA's course comes after PE's; stricter, as the whole split
    // is then after PE. A second rule the other way would close a cycle: not carried.
    let ordered = |a: u32, b: u32| {
        format!(
            "<ConstraintTwoActivitiesOrdered><Weight_Percentage>100</Weight_Percentage>\
             <First_Activity_Id>{a}</First_Activity_Id><Second_Activity_Id>{b}</Second_Activity_Id>\
             <Active>true</Active></ConstraintTwoActivitiesOrdered>\n"
        )
    };
    let text = TINY.replace(
        "</Time_Constraints_List>",
        &format!("{}{}</Time_Constraints_List>", ordered(3, 1), ordered(2, 3)),
    );
    let f = parse("tiny.fet", text.as_bytes()).unwrap();
    assert_eq!(f.time[f.time.len() - 2].rule, Rule::Ordered(3, 1));
    let (raw, account) = import(&f, "tiny.fet", "tiny").unwrap();
    let course = |id: &str| raw.courses.iter().find(|c| c.course == id).unwrap();
    assert_eq!(course("A1").after, ["A3"]);
    assert!(course("A3").after.is_empty());
    assert_eq!(
        statuses(&account, "ConstraintTwoActivitiesOrdered"),
        [Status::Stricter, Status::NotCarried]
    );
    crate::load::resolve(&raw).unwrap();
    let broken = |placed: &[export::Placed]| {
        rules::judge(&f, placed)["ConstraintTwoActivitiesOrdered"].broken
    };
    // PE Mon 8, the double Mon 9-10: in order; 2 (Tue 8) after PE breaks the second rule.
    assert_eq!(broken(&[p(3, 0, 0), p(1, 0, 1), p(2, 1, 0)]), Some(1));
    // The double Mon 8-9 and PE Mon 9: the double is not after PE, and 2 (Tue 8) not before it.
    assert_eq!(broken(&[p(1, 0, 0), p(3, 0, 1), p(2, 1, 0)]), Some(2));
    // 2 Mon 8, PE Mon 9, the double Tue 8-9: both in order.
    assert_eq!(broken(&[p(2, 0, 0), p(3, 0, 1), p(1, 1, 0)]), Some(0));
}
