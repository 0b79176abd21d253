//! Fixture tests of `tailor solve` and `tailor blocks`: run the binary over scenario folders,
//! then check the result independently and look at what people will read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod common;

use assert_cmd::Command;
use proptest::prelude::*;
use tailor::check::{check, Mode};
use tailor::generate::{generate, GenerateOptions, Profile};
use tailor::scenario::CourseKind;
use tailor::solution::Note;

fn tailor() -> Command {
    Command::cargo_bin("tailor").expect("the tailor binary")
}

fn solve_dir(scenario: &str, out: &Path, secs: &str) {
    tailor()
        .args(["solve", scenario, "--out"])
        .arg(out)
        .args(["--time-limit", secs, "--threads", "1", "--quiet"])
        .assert()
        .success();
}

/// Solves `scenario` into `out`, has the independent `check` accept it, and returns its
/// `summary.json`.
fn solve_checked(scenario: &str, out: &Path, secs: &str) -> serde_json::Value {
    solve_dir(scenario, out, secs);
    tailor()
        .args(["check", scenario])
        .arg(out)
        .assert()
        .success();
    summary_of(out)
}

/// The `summary.json` of the solution folder `out`.
fn summary_of(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv file");
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

#[test]
fn the_tiny_school_solves_its_own_check_passes_and_its_files_are_stable() {
    let out = tempfile::tempdir().unwrap();
    let sol = out.path().join("sol");
    solve_checked("tests/fixtures/tiny/scenario", &sol, "10");
    // The solution files are written and stable (insta snapshots); the report and the
    // summary carry times, so only that they are written.
    let stable = [
        "classes.csv",
        "meetings.csv",
        "enrolments.csv",
        "unmet.csv",
        "pupil_timetables.csv",
        "blocks.csv",
    ];
    for f in stable.iter().chain(&["report.html", "summary.json"]) {
        assert!(sol.join(f).exists(), "{f} written");
    }
    for f in stable {
        let text = std::fs::read_to_string(sol.join(f)).unwrap();
        insta::assert_snapshot!(f, text);
    }
}

/// The demo 11-18 school (data/demo): complete with no violation; every pupil of Years 10 and
/// 11 has a lesson in every slot of the week; Year 11's given classes keep their `fixed.csv`
/// ids, blocks, pupils and teachers.
#[test]
fn the_demo_school_solves_complete_with_years_10_and_11_taught_every_slot() {
    let out = tempfile::tempdir().unwrap();
    let sol = out.path().join("demo");
    let summary = solve_checked("data/demo", &sol, "20");
    assert_eq!(summary["complete"], true, "{}", summary["notes"]);
    let schemes: Vec<&str> = summary["schemes"]
        .as_array()
        .expect("per-scheme figures")
        .iter()
        .map(|s| s["scheme"].as_str().unwrap())
        .collect();
    assert_eq!(schemes, ["Y10", "Sixth"], "Y11 is given, not designed");

    let stage: BTreeMap<String, String> = read_csv(Path::new("data/demo/pupils.csv"))
        .into_iter()
        .map(|p| (p["pupil"].clone(), p["stage"].clone()))
        .collect();
    let mut slots: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for t in read_csv(&sol.join("pupil_timetables.csv")) {
        slots
            .entry(t["pupil"].clone())
            .or_default()
            .insert((t["day"].clone(), t["period"].clone()));
    }
    // Core fills the 18 slots Year 10's blocks leave: a pupil is taught every slot but the
    // blocks where a main choice and the reserve went unmet.
    let classes: BTreeMap<String, BTreeMap<String, String>> = read_csv(&sol.join("classes.csv"))
        .into_iter()
        .map(|c| (c["class"].clone(), c))
        .collect();
    let mut in_blocks: BTreeMap<String, usize> = BTreeMap::new();
    for e in read_csv(&sol.join("enrolments.csv")) {
        if !classes[&e["class"]]["block"].is_empty() {
            *in_blocks.entry(e["pupil"].clone()).or_default() += 1;
        }
    }
    let (mut fourteen_to_sixteen, mut every_slot) = (0, 0);
    for (pupil, s) in &stage {
        let taught = slots.get(pupil).map_or(0, BTreeSet::len);
        let blocks = in_blocks.get(pupil).copied().unwrap_or(0);
        if s == "10" || s == "11" {
            fourteen_to_sixteen += 1;
            every_slot += usize::from(taught == 30);
            assert_eq!(taught, 18 + 3 * blocks, "{pupil} of Year {s}");
            if s == "11" {
                assert_eq!(blocks, 4, "{pupil}: Year 11 keeps a class in every block");
            }
        } else if s == "12" || s == "13" {
            assert!(taught < 30, "{pupil} of Year {s} has no study period");
        }
    }
    assert_eq!(fourteen_to_sixteen, 86);
    assert!(every_slot >= 80, "{every_slot} of 86 taught every slot");

    // Given classes: same id, block and teacher (at every meeting), same pupils.
    let meetings = read_csv(&sol.join("meetings.csv"));
    let enrolled: BTreeSet<(String, String)> = read_csv(&sol.join("enrolments.csv"))
        .into_iter()
        .map(|e| (e["class"].clone(), e["pupil"].clone()))
        .collect();
    let fixed = read_csv(Path::new("data/demo/fixed.csv"));
    assert!(!fixed.is_empty());
    for f in &fixed {
        let c = classes
            .get(&f["class"])
            .expect("a given class keeps its id");
        assert_eq!(c["block"], f["block"], "{}", f["class"]);
        assert_eq!(c["staff"], f["staff"], "{}", f["class"]);
        assert!(enrolled.contains(&(f["class"].clone(), f["pupil"].clone())));
        for m in meetings.iter().filter(|m| m["class"] == f["class"]) {
            assert_eq!(m["staff"], f["staff"], "{}", f["class"]);
        }
    }
}

/// The small legacy `[options]` school (data/legacy-options): no violation, timetables are
/// the union of the classes, and its mentoring sits where pupil and mentor are free.
#[test]
fn the_legacy_demo_solves_with_no_violation_and_timetables_are_the_union_of_classes() {
    let out = tempfile::tempdir().unwrap();
    let sol = out.path().join("demo");
    solve_checked("data/legacy-options", &sol, "20");

    // Every pupil's timetable is exactly the meetings of the classes they are in.
    let meetings = read_csv(&sol.join("meetings.csv"));
    let mut by_class: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for m in &meetings {
        by_class
            .entry(m["class"].clone())
            .or_default()
            .insert((m["day"].clone(), m["period"].clone()));
    }
    let mut expected: BTreeMap<String, BTreeSet<(String, String, String)>> = BTreeMap::new();
    for e in read_csv(&sol.join("enrolments.csv")) {
        for (d, p) in by_class.get(&e["class"]).into_iter().flatten() {
            expected.entry(e["pupil"].clone()).or_default().insert((
                d.clone(),
                p.clone(),
                e["class"].clone(),
            ));
        }
    }
    let mut actual: BTreeMap<String, BTreeSet<(String, String, String)>> = BTreeMap::new();
    for t in read_csv(&sol.join("pupil_timetables.csv")) {
        actual.entry(t["pupil"].clone()).or_default().insert((
            t["day"].clone(),
            t["period"].clone(),
            t["class"].clone(),
        ));
    }
    assert_eq!(actual, expected);

    // A tutorial sits where its pupil and its mentor are both otherwise free.
    let scenario = tailor::load::load_dir(Path::new("data/legacy-options"))
        .unwrap()
        .scenario;
    let solution = tailor::solution::io::read_dir(&scenario, &sol).unwrap();
    let pupils = solution.class_pupils();
    let mut tutorials = 0;
    for m in &solution.meetings {
        let class = &solution.classes[m.class];
        if scenario.courses[class.course].kind != CourseKind::Tutorial {
            continue;
        }
        tutorials += 1;
        let mentor = m.staff.expect("a tutorial has a mentor");
        let others = solution
            .meetings
            .iter()
            .filter(|o| o.slot == m.slot && o.class != m.class);
        for o in others {
            assert_ne!(o.staff, Some(mentor), "mentor busy at the tutorial");
            for p in &pupils[m.class] {
                assert!(!pupils[o.class].contains(p), "pupil busy at their tutorial");
            }
        }
    }
    assert!(tutorials > 0, "the legacy demo has mentoring");

    // And show prints a pupil's week with their lessons.
    let first = &scenario.pupils.iter().next().unwrap().id;
    let shown = tailor()
        .arg("show")
        .arg(&sol)
        .args(["--pupil", first])
        .assert()
        .success();
    let text = String::from_utf8(shown.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with(first) && text.contains("Mon"), "{text}");
}

#[test]
fn too_few_rooms_of_a_type_is_explained_and_the_partial_week_is_marked() {
    // Two lab courses of the same pupils whose teachers are both in only in the last two slots:
    // each condition diagnose checks alone holds (the lab has a slot for every meeting, each
    // teacher a slot for each of theirs, the pupils a slot for each of their periods), but the
    // two courses would need the same two slots: the week cannot be completed. (When the lab
    // alone is short, diagnose says so and solve does not start: tests/diagnose.rs.)
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s");
    std::fs::create_dir(&s).unwrap();
    let w = |name: &str, text: &str| std::fs::write(s.join(name), text).unwrap();
    w("school.toml", "name = \"labs\"\n[week]\ndays = [\"Mon\"]\nperiods = [\"1\", \"2\", \"3\", \"4\"]\n[options]\nblocks = 1\nperiods_per_block = 1\n");
    w("courses.csv", "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\nCH,Chemistry,core,2,1,10,1,lab,10\nPH,Physics,core,2,1,10,1,lab,10\n");
    w(
        "pupils.csv",
        "pupil,name,stage,tutor_group\nP1,Ann,10,T\nP2,Bob,10,T\n",
    );
    w("choices.csv", "pupil,course,rank,reserve\n");
    w(
        "staff.csv",
        "staff,name,max_periods,teaches,unavailable\nS1,Sam,5,CH,Mon:1;Mon:2\nS2,Sue,5,PH,Mon:1;Mon:2\n",
    );
    w("rooms.csv", "room,capacity,type,unavailable\nL1,20,lab,\n");
    let diagnosed = tailor().arg("diagnose").arg(&s).assert().code(0);
    let text = String::from_utf8(diagnosed.get_output().stdout.clone()).unwrap();
    assert!(text.contains("0 errors"), "{text}");
    let out = dir.path().join("out");
    let run = tailor()
        .args(["solve"])
        .arg(&s)
        .arg("--out")
        .arg(&out)
        .args(["--time-limit", "5"])
        .assert()
        .code(1);
    let text = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(text.contains("INCOMPLETE"), "{text}");
    assert!(text.contains("meetings placed"), "{text}");
    // The bottleneck in the school's words: the pupils and the slots, no internal index.
    assert!(
        text.contains("the 2 pupils with P1's classes: 4 meetings in only 2 slots (Mon:3, Mon:4)"),
        "{text}"
    );
    for internal in ["group ", "clique ", "attendance set "] {
        assert!(!text.contains(internal), "{internal:?} in {text}");
    }
    let summary = summary_of(&out);
    assert_eq!(summary["complete"], false);
}

/// A GCSE cohort of 200 whose core Combined Science (`max_size` 30, `max_classes` 8) is taught
/// in 26-seat labs: the sets are sized to the labs (8 of 25, not 7 of 28-29 that no lab
/// holds), so the week is complete and the independent check passes.
#[test]
fn core_sets_are_sized_to_the_labs_that_hold_them() {
    let out = tempfile::tempdir().unwrap();
    let sol = out.path().join("sol");
    let summary = solve_checked("tests/fixtures/gcse-labs", &sol, "20");
    assert_eq!(summary["complete"], true, "{}", summary["notes"]);
    let science: Vec<u32> = read_csv(&sol.join("classes.csv"))
        .iter()
        .filter(|c| c["course"] == "SCI")
        .map(|c| c["size"].parse().unwrap())
        .collect();
    assert_eq!(science.len(), 8, "{science:?}");
    assert!(science.iter().all(|&n| n <= 26), "{science:?}");
}

#[test]
fn blocks_then_check_blocks_only() {
    let out = tempfile::tempdir().unwrap();
    let sol = out.path().join("b");
    tailor()
        .args(["blocks", "data/demo", "--out"])
        .arg(&sol)
        .args(["--time-limit", "10", "--threads", "1", "--quiet"])
        .assert()
        .success();
    tailor()
        .args(["check", "data/demo"])
        .arg(&sol)
        .arg("--blocks-only")
        .assert()
        .success();
    let unmet = read_csv(&sol.join("unmet.csv"));
    assert!(unmet.iter().all(|u| !u["reason"].is_empty()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5, .. ProptestConfig::default() })]

    /// Whatever `solve` returns on a generated school (with slack or tight), `check` accepts when it says it is
    /// complete; it says complete exactly when the timetable lacks nothing; and every note
    /// names a class that really lacks what the note says.
    #[test]
    fn whatever_solve_returns_check_accepts(seed in 0u64..1000, pupils in 40u32..90, whole in any::<bool>(), tight in any::<bool>()) {
        let profile = if whole { Profile::Whole } else { Profile::Gcse };
        let raw = generate(&GenerateOptions { pupils, seed, profile, tight });
        let scenario = tailor::load::resolve(&raw).unwrap().scenario;
        let mut options = tailor::solve::Options::from_scenario(&scenario);
        options.time_limit_s = 8.0;
        options.threads = 1;
        let solution = tailor::solve::solve(&scenario, &options).unwrap();
        let violations = check(&scenario, &solution, Mode::Full);
        // A school that solves is never one diagnose calls impossible.
        let diagnosis = tailor::diagnose::diagnose(&scenario);
        if solution.summary.complete {
            let errors: Vec<_> = tailor::diagnose::lines(&scenario, &diagnosis.findings);
            prop_assert!(!diagnosis.has_errors(), "{:?}", errors);
            prop_assert!(violations.is_empty(), "{:?}", violations.iter().take(5).map(ToString::to_string).collect::<Vec<_>>());
        }
        // What the week lacks, found from the timetable itself.
        let meetings = solution.class_meetings();
        let short: BTreeSet<&str> = solution
            .classes
            .iter_enumerated()
            .filter(|(k, c)| {
                let needs = scenario.periods_of(c.course, c.block);
                (meetings[*k].len() as u32) < needs
            })
            .map(|(_, c)| c.id.as_str())
            .collect();
        let unstaffed: BTreeSet<&str> = solution
            .classes
            .iter()
            .filter(|c| scenario.courses[c.course].staffed && c.staff.is_none())
            .map(|c| c.id.as_str())
            .collect();
        let uncovered = solution
            .meetings
            .iter()
            .any(|m| m.staff.is_some_and(|t| scenario.staff[t].unavailable.contains(m.slot)));
        // Complete exactly when every class has all its meetings, each class that needs a
        // teacher has one and every meeting's teacher is in.
        prop_assert_eq!(
            solution.summary.complete,
            short.is_empty() && unstaffed.is_empty() && !uncovered,
            "short {:?}, unstaffed {:?}, uncovered {}", short, unstaffed, uncovered
        );
        // Every note names what is really missing.
        let ids: BTreeSet<&str> = solution.classes.iter().map(|c| c.id.as_str()).collect();
        for n in &solution.summary.notes {
            match n {
                Note::NoTeacher { class, .. } => {
                    prop_assert!(unstaffed.contains(class.as_str()), "{}", n)
                }
                Note::NoCover { class, .. } => {
                    prop_assert!(ids.contains(class.as_str()) && uncovered, "{}", n)
                }
                Note::Unplaced { placed, meetings, .. } => {
                    prop_assert!((*placed as u32) < *meetings && !short.is_empty(), "{}", n)
                }
                Note::Written(_) => prop_assert!(false, "a solver's note is typed: {}", n),
                _ => {}
            }
        }
        let incomplete_notes = solution.summary.notes.iter().filter(|n| n.leaves_week_incomplete()).count();
        prop_assert_eq!(incomplete_notes == 0, solution.summary.complete);
    }

    /// The same with lesson shapes: generated sixth forms and whole schools have breaks,
    /// blocks of a double and singles, practical doubles and split A levels.
    #[test]
    fn whatever_solve_returns_on_schools_with_patterns_check_accepts(seed in 0u64..1000, pupils in 40u32..90, whole in any::<bool>()) {
        let profile = if whole { Profile::Whole } else { Profile::Sixthform };
        let raw = generate(&GenerateOptions { pupils, seed, profile, tight: false });
        let scenario = tailor::load::resolve(&raw).unwrap().scenario;
        prop_assert!(scenario.blocks.iter().all(|b| !b.pattern.is_empty()));
        prop_assert!(scenario.week.breaks.iter().any(|&b| b));
        let mut options = tailor::solve::Options::from_scenario(&scenario);
        options.time_limit_s = 8.0;
        options.threads = 1;
        let solution = tailor::solve::solve(&scenario, &options).unwrap();
        let violations = check(&scenario, &solution, Mode::Full);
        if solution.summary.complete {
            prop_assert!(violations.is_empty(), "{:?}", violations.iter().take(5).map(ToString::to_string).collect::<Vec<_>>());
        } else {
            prop_assert!(!solution.summary.notes.is_empty());
        }
    }
}

#[test]
fn an_imported_itc2007_instance_solves_checks_and_exports_the_same_figures() {
    let tim = Path::new("../shared/data/itc2007/comp-2007-2-15.tim");
    if !tim.exists() {
        common::missing(&format!(
            "{} not found (the shared data sits beside the repository)",
            tim.display()
        ));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (scenario, sol, sln) = (
        dir.path().join("s"),
        dir.path().join("sol"),
        dir.path().join("x.sln"),
    );
    tailor()
        .args(["import", "itc2007"])
        .arg(tim)
        .arg("--out")
        .arg(&scenario)
        .assert()
        .success();
    tailor().arg("validate").arg(&scenario).assert().success();
    tailor()
        .arg("solve")
        .arg(&scenario)
        .arg("--out")
        .arg(&sol)
        .args(["--time-limit", "10", "--threads", "1", "--quiet"])
        .assert()
        .success();
    let checked = tailor()
        .arg("check")
        .arg(&scenario)
        .arg(&sol)
        .assert()
        .success();
    let check_text = String::from_utf8(checked.get_output().stdout.clone()).unwrap();
    let figures = check_text
        .lines()
        .find(|l| l.starts_with("ITC2007 rules: "))
        .expect("ITC figures")
        .to_owned();
    assert!(figures.contains("distance to feasibility 0"), "{figures}");
    let exported = tailor()
        .args(["export", "itc2007"])
        .arg(&sol)
        .arg("--out")
        .arg(&sln)
        .assert()
        .success();
    let export_text = String::from_utf8(exported.get_output().stdout.clone()).unwrap();
    let evaluated = tailor()
        .args(["itc2007", "evaluate"])
        .arg(tim)
        .arg(&sln)
        .assert()
        .success();
    let eval_text = String::from_utf8(evaluated.get_output().stdout.clone()).unwrap();
    let tail = |t: &str| {
        t.split_once(": ")
            .map(|x| x.1.trim().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(tail(&export_text), tail(&eval_text));
    assert_eq!(
        figures.trim_start_matches("ITC2007 rules: ").trim(),
        tail(&eval_text)
    );
}

/// A whole school whose part-time teachers have days off: the week is complete, because the
/// block model places each block where all its teachers are in and core bands are split so
/// their teachers share free time (before, the generated whole school of 1,200 left a block
/// with nowhere to go).
#[test]
fn a_whole_school_with_part_timers_is_complete() {
    let raw = generate(&GenerateOptions {
        pupils: 240,
        seed: 7,
        profile: Profile::Whole,
        tight: false,
    });
    let scenario = tailor::load::resolve(&raw).unwrap().scenario;
    assert!(
        scenario.staff.iter().any(|s| !s.unavailable.is_empty()),
        "the generated school has part-timers"
    );
    let mut options = tailor::solve::Options::from_scenario(&scenario);
    options.time_limit_s = 30.0;
    options.threads = 2;
    let solution = tailor::solve::solve(&scenario, &options).unwrap();
    assert!(solution.summary.complete, "{:?}", solution.summary.notes);
    let violations = check(&scenario, &solution, Mode::Full);
    assert!(
        violations.is_empty(),
        "{:?}",
        violations
            .iter()
            .take(5)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
}

/// Three schemes at once: Year 10's blocks designed, Year 11's given in fixed.csv with blocks and
/// teachers, a sixth form with a labelled block of three periods at fixed slots and one of two.
#[test]
fn a_school_of_three_schemes_keeps_given_blocks_labels_and_fixed_slots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemes");
    let scenario = tailor::load::load_dir(&dir).unwrap().scenario;
    let mut options = tailor::solve::Options::from_scenario(&scenario);
    options.time_limit_s = 20.0;
    options.threads = 1;
    let solution = tailor::solve::solve(&scenario, &options).unwrap();
    let violations = check(&scenario, &solution, Mode::Full);
    assert!(violations.is_empty(), "{violations:?}");
    assert!(solution.summary.complete);
    let block_of = |id: &str| {
        let c = solution.classes.iter().find(|c| c.id == id).unwrap();
        (
            c.block.map(|b| scenario.blocks[b].name.clone()),
            c.staff.map(|t| scenario.staff[t].id.clone()),
        )
    };
    // Last year's classes keep their ids, blocks and teachers.
    assert_eq!(block_of("ART-A"), (Some("C".into()), Some("T2".into())));
    assert_eq!(block_of("ART-B"), (Some("D".into()), Some("T2".into())));
    // Physics runs only in its labelled block E, at E's slots.
    assert_eq!(block_of("PHY-1").0.as_deref(), Some("E"));
    let e = scenario.block_ids.get("E").unwrap();
    let phy: tailor::ids::SlotSet = solution
        .meetings
        .iter()
        .filter(|m| solution.classes[m.class].id == "PHY-1")
        .map(|m| m.slot)
        .collect();
    assert_eq!(Some(phy), scenario.blocks[e].slots);
    // Figures per scheme.
    let names: Vec<&str> = solution
        .summary
        .schemes
        .iter()
        .map(|s| s.scheme.as_str())
        .collect();
    assert_eq!(names, ["Y10", "Sixth"]);
}

/// A generated tight whole school of 160 (Year 10 taught every slot, Science in labs of 24 that
/// cannot all meet at once, PE in three gyms, part-time core teachers): core sets banded inside
/// the cohorts of the science bands leave the week placeable, and it is complete.
#[test]
fn a_tight_whole_school_is_complete() {
    let out = tempfile::tempdir().unwrap();
    let sol = out.path().join("sol");
    let scenario = "tests/fixtures/whole-tight-160";
    let summary = solve_checked(scenario, &sol, "20");
    assert_eq!(summary["complete"], true, "{}", summary["notes"]);
}

/// Whatever `solve` returns on a tight generated school of 180, `check` accepts it when it is
/// complete, and every bottleneck it names is of an event it says is short.
#[test]
fn whatever_solve_returns_on_a_tight_school_check_accepts() {
    for (seed, profile) in [(3, Profile::Whole), (5, Profile::Gcse)] {
        let raw = generate(&GenerateOptions {
            pupils: 180,
            seed,
            profile,
            tight: true,
        });
        let scenario = tailor::load::resolve(&raw).unwrap().scenario;
        let mut options = tailor::solve::Options::from_scenario(&scenario);
        options.time_limit_s = 10.0;
        options.threads = 1;
        let solution = tailor::solve::solve(&scenario, &options).unwrap();
        let violations = check(&scenario, &solution, Mode::Full);
        if solution.summary.complete {
            assert!(
                violations.is_empty(),
                "{:?}",
                violations
                    .iter()
                    .take(5)
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            );
        } else {
            assert!(
                !violations.is_empty(),
                "an incomplete week breaks some rule"
            );
        }
        let short: BTreeSet<&str> = solution
            .summary
            .notes
            .iter()
            .filter_map(|n| match n {
                Note::Unplaced { event, .. } => Some(event.as_str()),
                _ => None,
            })
            .collect();
        for n in &solution.summary.notes {
            if let Note::Bottleneck { event, .. } = n {
                assert!(short.contains(event.as_str()), "{n}");
            }
        }
    }
}
