//! FET files through the binary: `import fet` -> `validate` -> `solve` -> `check` ->
//! `export fet`, on official FET examples (`tests/fixtures/fet/`, AGPL-3+, see its README).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fet")
        .join(name)
}

fn tailor(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("tailor")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

/// Runs tailor with `args`, which must succeed; its output.
fn tailor_ok(args: &[&str]) -> std::process::Output {
    let out = tailor(args);
    assert!(
        out.status.success(),
        "tailor {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Imports, validates, solves, checks and exports one file; returns the exported FET file's
/// text and the solution folder (inside `tmp`).
fn round(file: &str, tmp: &Path) -> (String, PathBuf) {
    let scenario = tmp.join("scenario");
    let out = tailor(&["import", "fet", s(&fixture(file)), "--out", s(&scenario)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = fs::read_to_string(scenario.join("IMPORT.md")).unwrap();
    assert!(
        md.contains("| ConstraintBasicCompulsoryTime | carried | 1 | 100 |"),
        "{md}"
    );
    assert_eq!(
        fs::read(scenario.join("source.fet")).unwrap(),
        fs::read(fixture(file)).unwrap()
    );
    let out = tailor(&["validate", s(&scenario)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let solution = tmp.join("solution");
    let out = tailor(&[
        "solve",
        s(&scenario),
        "--out",
        s(&solution),
        "--time-limit",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tailor(&["check", s(&scenario), s(&solution)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let exported = tmp.join("out/tailor.fet");
    let out = tailor(&["export", "fet", s(&solution), "--out", s(&exported)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(tmp.join("out/tailor_timetable.csv").is_file());
    (fs::read_to_string(&exported).unwrap(), solution)
}

#[test]
fn a_small_school_round_trips_with_every_activity_locked() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, solution) = round("small-school.fet", tmp.path());
    let fet = tailor::fet::parse_str("tailor.fet", &text).unwrap();
    let original = tailor::fet::parse(
        "small-school.fet",
        &fs::read(fixture("small-school.fet")).unwrap()[..],
    )
    .unwrap();
    assert_eq!(fet.activities, original.activities);
    let locked = fet
        .time
        .iter()
        .filter(|c| c.kind == "ConstraintActivityPreferredStartingTime" && c.is_hard())
        .count();
    assert_eq!(
        locked,
        original.activities.iter().filter(|a| a.active).count()
    );
    // Imported again, every activity may only meet where tailor put it; solved again, it does.
    let again = tmp.path().join("again");
    let out = tailor(&[
        "import",
        "fet",
        s(&tmp.path().join("out/tailor.fet")),
        "--out",
        s(&again),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sol2 = tmp.path().join("again-solution");
    let out = tailor(&["solve", s(&again), "--out", s(&sol2), "--time-limit", "2"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        fs::read_to_string(solution.join("meetings.csv")).unwrap(),
        fs::read_to_string(sol2.join("meetings.csv")).unwrap()
    );
    // The CSV timetable has one row per hour of each activity.
    let csv = fs::read_to_string(tmp.path().join("out/tailor_timetable.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 25);
}

#[test]
fn activities_tied_to_start_together_do() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, solution) = round("same-start.fet", tmp.path());
    let fet = tailor::fet::parse_str("tailor.fet", &text).unwrap();
    let start = |id: u32| {
        fet.time
            .iter()
            .find_map(|c| match &c.rule {
                tailor::fet::Rule::ActivityStarts(a, t) if *a == id && c.is_hard() => {
                    Some(t[0].clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("activity {id} is not locked"))
    };
    // MA's parts in pairs (which part takes which run is FET's choice), SC's doubles at once.
    let mut ann = [start(1), start(2)];
    let mut bob = [start(3), start(4)];
    ann.sort();
    bob.sort();
    assert_eq!(ann, bob);
    assert_ne!(ann[0].0, ann[1].0, "MA's min-days rule");
    assert_eq!(start(8), start(9));
    // And the FET table judges every same start, the one not carried too.
    let out = tailor(&["check", s(&tmp.path().join("scenario")), s(&solution)]);
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("ConstraintActivitiesSameStartingTime")
        })
        .unwrap_or_else(|| panic!("{text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[1], "4", "{row}");
    // The same table in `check --json`: type, count, broken, broken_hard, soft_cost.
    let out = tailor(&[
        "check",
        s(&tmp.path().join("scenario")),
        s(&solution),
        "--json",
    ]);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = j["fet"].as_array().unwrap();
    let same = rows
        .iter()
        .find(|r| r["type"] == "ConstraintActivitiesSameStartingTime")
        .unwrap();
    assert_eq!(same["count"], 4);
    assert!(same["broken"].as_u64().unwrap() <= 1, "{same}");
    assert_eq!(same["broken_hard"], same["broken"]);
    assert_eq!(same["soft_cost"], 0.0);
    assert_eq!(j["valid"], true);
}

#[test]
fn an_exam_file_keeps_its_rooms() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, _) = round("EXAM-2013-2014-S1.fet", tmp.path());
    let fet = tailor::fet::parse_str("tailor.fet", &text).unwrap();
    let rooms = fet
        .space
        .iter()
        .filter(|c| c.kind == "ConstraintActivityPreferredRoom" && c.is_hard())
        .count();
    assert_eq!(rooms, fet.activities.iter().filter(|a| a.active).count());
}

#[test]
fn brazil_carries_its_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tailor(&[
        "import",
        "fet",
        s(&fixture("Brazil.fet")),
        "--out",
        s(&tmp.path().join("sc")),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // Its 13 teachers' max days and the teachers' max gaps are carried now: nothing hard left.
    assert!(text.contains("0 hard constraints not carried"), "{text}");
    let md = fs::read_to_string(tmp.path().join("sc/IMPORT.md")).unwrap();
    assert!(
        md.contains("| ConstraintTeacherMaxDaysPerWeek | carried | 13 | 100 |"),
        "{md}"
    );
    let staff = fs::read_to_string(tmp.path().join("sc/staff.csv")).unwrap();
    assert!(
        staff.starts_with("staff,name,max_periods,teaches,unavailable,max_days,max_gaps,max_daily"),
        "{staff}"
    );
}

#[test]
fn malformed_fet_is_an_input_error_with_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.fet");
    fs::write(
        &bad,
        "<fet version=\"6\">\n<Days_List>\n</Day_List>\n</fet>\n",
    )
    .unwrap();
    let out = tailor(&["import", "fet", s(&bad), "--out", s(&tmp.path().join("sc"))]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.fet:3: column "), "{err}");
    assert!(!tmp.path().join("sc").exists());
}

/// A split of three hours: the first two consecutive, the third (component 3) on Tuesday at 8.
const PINNED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<fet version="6.0.0">
<Institution_Name>Pinned</Institution_Name>
<Days_List><Number_of_Days>2</Number_of_Days><Day><Name>Mon</Name></Day><Day><Name>Tue</Name></Day></Days_List>
<Hours_List><Number_of_Hours>4</Number_of_Hours><Hour><Name>8</Name></Hour><Hour><Name>9</Name></Hour><Hour><Name>10</Name></Hour><Hour><Name>11</Name></Hour></Hours_List>
<Subjects_List><Subject><Name>MA</Name></Subject><Subject><Name>PE</Name></Subject></Subjects_List>
<Teachers_List><Teacher><Name>Ann</Name></Teacher><Teacher><Name>Bob</Name></Teacher></Teachers_List>
<Students_List><Year><Name>5</Name><Number_of_Students>10</Number_of_Students></Year></Students_List>
<Rooms_List><Room><Name>R1</Name><Building></Building><Capacity>30</Capacity><Virtual>false</Virtual></Room></Rooms_List>
<Activities_List>
<Activity><Teacher>Ann</Teacher><Subject>MA</Subject><Students>5</Students><Duration>1</Duration><Total_Duration>3</Total_Duration><Id>1</Id><Activity_Group_Id>1</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Ann</Teacher><Subject>MA</Subject><Students>5</Students><Duration>1</Duration><Total_Duration>3</Total_Duration><Id>2</Id><Activity_Group_Id>1</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Ann</Teacher><Subject>MA</Subject><Students>5</Students><Duration>1</Duration><Total_Duration>3</Total_Duration><Id>3</Id><Activity_Group_Id>1</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Bob</Teacher><Subject>PE</Subject><Students>5</Students><Duration>2</Duration><Total_Duration>2</Total_Duration><Id>4</Id><Activity_Group_Id>0</Activity_Group_Id><Active>true</Active></Activity>
</Activities_List>
<Time_Constraints_List>
<ConstraintBasicCompulsoryTime><Weight_Percentage>100</Weight_Percentage><Active>true</Active></ConstraintBasicCompulsoryTime>
<ConstraintTwoActivitiesConsecutive><Weight_Percentage>100</Weight_Percentage><First_Activity_Id>1</First_Activity_Id><Second_Activity_Id>2</Second_Activity_Id><Active>true</Active></ConstraintTwoActivitiesConsecutive>
<ConstraintSubactivitiesPreferredTimeSlots><Weight_Percentage>100</Weight_Percentage><Component_Number>3</Component_Number><Teacher_Name></Teacher_Name><Students_Name></Students_Name><Subject_Name>MA</Subject_Name><Activity_Tag_Name></Activity_Tag_Name><Number_of_Preferred_Time_Slots>1</Number_of_Preferred_Time_Slots><Preferred_Time_Slot><Preferred_Day>Tue</Preferred_Day><Preferred_Hour>8</Preferred_Hour></Preferred_Time_Slot><Active>true</Active></ConstraintSubactivitiesPreferredTimeSlots>
</Time_Constraints_List>
<Space_Constraints_List>
<ConstraintBasicCompulsorySpace><Weight_Percentage>100</Weight_Percentage><Active>true</Active></ConstraintBasicCompulsorySpace>
</Space_Constraints_List>
</fet>
"#;

#[test]
fn consecutive_and_pinned_sub_activities_are_kept_through_solve_and_export() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("pinned.fet");
    fs::write(&file, PINNED).unwrap();
    let scenario = tmp.path().join("scenario");
    tailor_ok(&["import", "fet", s(&file), "--out", s(&scenario)]);
    let solution = tmp.path().join("solution");
    tailor_ok(&[
        "solve",
        s(&scenario),
        "--out",
        s(&solution),
        "--time-limit",
        "3",
    ]);
    let out = tailor_ok(&["check", s(&scenario), s(&solution)]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    // type, count, broken, broken hard, soft cost.
    let row = |kind: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .find(|w| w.first().is_some_and(|k| k == kind))
            .unwrap_or_else(|| panic!("no row {kind} in {text}"))
    };
    assert_eq!(row("ConstraintTwoActivitiesConsecutive")[1..3], ["1", "0"]);
    assert_eq!(
        row("ConstraintSubactivitiesPreferredTimeSlots")[1..3],
        ["1", "0"]
    );
    assert_eq!(row("ConstraintBasicCompulsoryTime")[1..3], ["1", "0"]);
    // The export places 1 and 2 in one run: 2 starts where 1 ends.
    let exported = tmp.path().join("out/t.fet");
    tailor_ok(&["export", "fet", s(&solution), "--out", s(&exported)]);
    let csv = fs::read_to_string(tmp.path().join("out/t_timetable.csv")).unwrap();
    let at = |id: &str| -> Vec<(String, String)> {
        csv.lines()
            .skip(1)
            .map(|l| {
                l.split(',')
                    .map(|x| x.trim_matches('"').to_owned())
                    .collect::<Vec<_>>()
            })
            .filter(|w| w[0] == id)
            .map(|w| (w[1].clone(), w[2].clone()))
            .collect()
    };
    let (one, two) = (at("1"), at("2"));
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].0, two[0].0);
    assert_eq!(
        one[0].1.parse::<u32>().unwrap() + 1,
        two[0].1.parse::<u32>().unwrap()
    );
    assert_eq!(at("3"), [("Tue".to_owned(), "8".to_owned())]);
}
