//! Fixture tests of `tailor resolve` and `tailor check --against`: the demo school solved, then
//! changed in the issue's four ways (5 % change a choice, 20 join, a teacher leaves, a lab
//! closes), re-solved through the binary and checked against the old solution; and a property
//! test that whatever `resolve` returns on a generated school, the checker accepts.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use tailor::check::{against, check, Mode};
use tailor::generate::{generate, GenerateOptions, Profile};
use tailor::resolve::perturb::{perturb, Perturbation};
use tailor::solution::changes::{diff, read_changes, Limits, Locks, Named};

fn tailor() -> Command {
    Command::cargo_bin("tailor").expect("the tailor binary")
}

/// The legacy demo (`[options]`, whose perturbations the issue names) solved once, in a folder of its own.
fn solved_demo(dir: &Path) -> PathBuf {
    let old = dir.join("old");
    tailor()
        .args(["solve", "data/legacy-options", "--out"])
        .arg(&old)
        .args(["--time-limit", "8", "--threads", "1", "--quiet"])
        .assert()
        .success();
    old
}

fn changed_demo(dir: &Path, p: Perturbation) -> PathBuf {
    let mut raw = tailor::load::read_dir(Path::new("data/legacy-options")).unwrap();
    perturb(&mut raw, p, 7).expect("the demo has something to change");
    let out = dir.join(format!("scenario-{}", p.name().replace(['%', ' '], "_")));
    tailor::load::write_dir(&raw, &out).unwrap();
    out
}

fn figures(sol: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(sol.join("summary.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["changes"].clone()
}

fn resolve(scenario: &Path, old: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    tailor()
        .arg("resolve")
        .arg(scenario)
        .arg("--from")
        .arg(old)
        .arg("--out")
        .arg(out)
        .args(["--time-limit", "10", "--threads", "1", "--quiet"])
        .args(extra)
        .assert()
}

fn check_against(scenario: &Path, sol: &Path, old: &Path) -> assert_cmd::assert::Assert {
    tailor()
        .arg("check")
        .arg(scenario)
        .arg(sol)
        .arg("--against")
        .arg(old)
        .assert()
}

#[test]
fn the_four_changes_of_the_issue_resolve_with_few_changes_and_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let old = solved_demo(dir.path());
    // Nothing changed: nothing changes.
    let same = dir.path().join("same");
    resolve(Path::new("data/legacy-options"), &old, &same, &[]).success();
    assert_eq!(figures(&same)["rows"], 0);
    check_against(Path::new("data/legacy-options"), &same, &old).success();

    for p in Perturbation::ISSUE {
        let scenario = changed_demo(dir.path(), p);
        let out = dir
            .path()
            .join(format!("new-{}", p.name().replace(['%', ' '], "_")));
        resolve(&scenario, &old, &out, &[]).success();
        check_against(&scenario, &out, &old).success();
        let f = figures(&out);
        let changed = f["pupils_class_changed"].as_u64().unwrap();
        match p {
            // 9 pupils changed a choice: their classes change, and a few others' at most.
            Perturbation::Choices(_) => assert!(changed <= 9 + 9, "{f}"),
            // Joiners are not changes; the pupils already there keep their classes.
            Perturbation::Join(n) => {
                assert_eq!(f["pupils_joined"], n);
                assert!(changed <= 10, "{f}");
            }
            _ => assert!(changed <= 20, "{f}"),
        }
        // changes.csv is exactly the difference, as the library computes it too.
        let rows = read_changes(std::fs::File::open(out.join("changes.csv")).unwrap()).unwrap();
        let truth = diff(
            &Named::read_dir(&old).unwrap(),
            &Named::read_dir(&out).unwrap(),
        );
        assert_eq!(rows, truth);
        // The report shows the changes first.
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        let first = html.find("<h2>").unwrap();
        assert!(html[first..].starts_with("<h2>Changes from the published timetable"));
    }
}

#[test]
fn a_changes_csv_that_is_edited_is_caught_by_check_against() {
    let dir = tempfile::tempdir().unwrap();
    let old = solved_demo(dir.path());
    let scenario = changed_demo(dir.path(), Perturbation::Choices(5));
    let out = dir.path().join("new");
    resolve(&scenario, &old, &out, &[]).success();
    let text = std::fs::read_to_string(out.join("changes.csv")).unwrap();
    let kept: Vec<&str> = text.lines().take(text.lines().count() - 1).collect();
    std::fs::write(out.join("changes.csv"), kept.join("\n") + "\n").unwrap();
    let a = check_against(&scenario, &out, &old).code(1);
    assert!(String::from_utf8_lossy(&a.get_output().stdout).contains("changes-listed"));
}

#[test]
fn limits_and_locks_hold_or_are_reported_with_their_cost() {
    let dir = tempfile::tempdir().unwrap();
    let old = solved_demo(dir.path());
    let scenario = changed_demo(dir.path(), Perturbation::Choices(5));
    // Lock two pupils and a class of the old solution.
    let named = Named::read_dir(&old).unwrap();
    let pupils: Vec<&String> = named.pupils.keys().take(2).collect();
    let class = named.block.keys().next().unwrap();
    let locks = format!(
        "kind,id\npupil,{}\npupil,{}\nclass,{class}\n",
        pupils[0], pupils[1]
    );
    std::fs::write(scenario.join("locks.csv"), locks).unwrap();
    let out = dir.path().join("limited");
    let a = resolve(
        &scenario,
        &old,
        &out,
        &["--max-changes", "3", "--max-changes-per-pupil", "1"],
    );
    let f = figures(&out);
    assert_eq!(f["limits"]["max_changes"], 3);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let notes = summary["notes"].to_string();
    if f["pupils_class_changed"].as_u64().unwrap() <= 3
        && f["most_classes_changed"].as_u64().unwrap() <= 1
    {
        a.success();
        check_against(&scenario, &out, &old).success();
    } else {
        // The limit could not be met: said, with what it costs, and the checker flags it.
        assert!(notes.contains("cannot be met"), "{notes}");
        let c = check_against(&scenario, &out, &old).code(1);
        assert!(String::from_utf8_lossy(&c.get_output().stdout).contains("change-limit"));
    }
    // The locks hold either way.
    let new = Named::read_dir(&out).unwrap();
    let rows = diff(&named, &new);
    let locks = Locks::read_dir(&scenario).unwrap();
    let v = against::lock_kept(&against::Against {
        old: &named,
        new: &new,
        listed: &rows,
        limits: Limits::default(),
        locks: &locks,
    });
    assert!(v.is_empty(), "{v:?}");
    // `show --changes` prints the week and what changed.
    let p = rows
        .iter()
        .find(|c| !c.is_staff())
        .map(|c| c.person.clone());
    if let Some(p) = p {
        let o = tailor()
            .arg("show")
            .arg(&out)
            .args(["--pupil", &p, "--changes"])
            .assert()
            .success();
        let text = String::from_utf8_lossy(&o.get_output().stdout).to_string();
        assert!(text.contains("changes ("), "{text}");
    }
}

#[test]
fn free_blocks_may_open_classes_and_still_checks() {
    let dir = tempfile::tempdir().unwrap();
    let old = solved_demo(dir.path());
    let scenario = changed_demo(dir.path(), Perturbation::Join(20));
    let out = dir.path().join("free");
    resolve(&scenario, &old, &out, &["--free-blocks"]).success();
    check_against(&scenario, &out, &old).success();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, .. ProptestConfig::default() })]

    /// Whatever `resolve` returns on a generated school changed in one of the four ways, the
    /// checker accepts when it says it is complete, and `changes` is exactly the difference.
    #[test]
    fn whatever_resolve_returns_check_accepts(seed in 0u64..1000, pupils in 40u32..80, which in 0usize..4) {
        let raw = generate(&GenerateOptions { pupils, seed, profile: Profile::Gcse, tight: false });
        let scenario = tailor::load::resolve(&raw).unwrap().scenario;
        let mut options = tailor::solve::Options::from_scenario(&scenario);
        options.time_limit_s = 6.0;
        options.threads = 1;
        let old = tailor::solve::solve(&scenario, &options).unwrap();
        let named = Named::of(&scenario, &old);
        let mut changed = raw.clone();
        perturb(&mut changed, Perturbation::ISSUE[which], seed);
        let Ok(loaded) = tailor::load::resolve(&changed) else { return Ok(()) };
        let now = loaded.scenario;
        let settings = tailor::resolve::Settings {
            solve: options,
            free_blocks: false,
            limits: Limits::default(),
            locks: Locks::default(),
            from: "old".into(),
        };
        let r = tailor::resolve::resolve(&now, &named, &settings).unwrap();
        let new = Named::of(&now, &r.solution);
        prop_assert_eq!(&r.changes, &diff(&named, &new));
        if r.solution.summary.complete {
            let v = check(&now, &r.solution, Mode::Full);
            prop_assert!(v.is_empty(), "{:?}", v.iter().take(5).map(ToString::to_string).collect::<Vec<_>>());
        }
        let a = against::check_against(&against::Against { old: &named, new: &new, listed: &r.changes, limits: Limits::default(), locks: &Locks::default() });
        prop_assert!(a.is_empty(), "{:?}", a);
    }
}

#[test]
fn a_school_of_schemes_resolved_unchanged_keeps_its_given_blocks_and_changes_nothing() {
    // Year 11's classes are given in fixed.csv with blocks and teachers: the re-solve keeps
    // them in their blocks (the checker's given-kept rule), and nothing changes.
    let dir = tempfile::tempdir().unwrap();
    let scenario = Path::new("tests/fixtures/schemes");
    let old = dir.path().join("old");
    tailor()
        .args(["solve", "tests/fixtures/schemes", "--out"])
        .arg(&old)
        .args(["--time-limit", "8", "--threads", "1", "--quiet"])
        .assert()
        .success();
    let new = dir.path().join("new");
    resolve(scenario, &old, &new, &[]).success();
    check_against(scenario, &new, &old).success();
    let changes = figures(&new);
    assert_eq!(changes["pupils_changed"], 0, "{changes}");
    let rows = std::fs::read_to_string(new.join("changes.csv")).unwrap();
    assert_eq!(rows.lines().count(), 1, "{rows}");
}

/// A generated GCSE school solved and written, for the changes below.
fn generated(dir: &Path, pupils: u32, seed: u64) -> (tailor::scenario::RawScenario, PathBuf) {
    let raw = generate(&GenerateOptions {
        pupils,
        seed,
        profile: Profile::Gcse,
        tight: false,
    });
    let scenario = dir.join("school");
    tailor::load::write_dir(&raw, &scenario).unwrap();
    let old = dir.join("old");
    tailor()
        .arg("solve")
        .arg(&scenario)
        .arg("--out")
        .arg(&old)
        .args(["--time-limit", "20", "--threads", "1", "--quiet"])
        .assert()
        .success();
    (raw, old)
}

fn summary(sol: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(sol.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn joiners_take_seats_in_the_old_classes_and_no_other_pupil_changes_class() {
    // The old core sets are kept: a joiner takes a classmate's classes, or a class opened
    // beside them; only the pupils that fill an opened class up to min_size change class.
    let dir = tempfile::tempdir().unwrap();
    let (raw, old) = generated(dir.path(), 300, 1);
    let mut changed = raw.clone();
    let joiners = 12;
    perturb(&mut changed, Perturbation::Join(joiners), 3).unwrap();
    let scenario = dir.path().join("joined");
    tailor::load::write_dir(&changed, &scenario).unwrap();
    let out = dir.path().join("new");
    resolve(&scenario, &old, &out, &[]).success();
    check_against(&scenario, &out, &old).success();
    let f = figures(&out);
    assert_eq!(f["pupils_joined"], joiners, "{f}");
    // Structural: at most one opened class per core course (3), each filled by fewer than its
    // min_size (10) pupils from its band.
    assert!(f["pupils_class_changed"].as_u64().unwrap() <= 3 * 9, "{f}");
    assert!(summary(&out)["complete"].as_bool().unwrap(), "{f}");
}

#[test]
fn a_lab_closed_moves_few_pupils_meetings_and_completes() {
    // One lab of five closes: a science set loses its room in its band's slots and must meet
    // elsewhere. The week engine weighs each meeting moved away from the old week by the
    // pupils who see it, so most of the school keeps its week; without that cost the freed
    // week is placed anew and nearly every pupil sees a meeting moved (300 of 300 before).
    let dir = tempfile::tempdir().unwrap();
    let (raw, old) = generated(dir.path(), 300, 1);
    let mut changed = raw.clone();
    perturb(&mut changed, Perturbation::LabGone, 1).unwrap();
    let scenario = dir.path().join("lab");
    tailor::load::write_dir(&changed, &scenario).unwrap();
    let out = dir.path().join("new");
    resolve(&scenario, &old, &out, &[]).success();
    check_against(&scenario, &out, &old).success();
    let f = figures(&out);
    assert!(summary(&out)["complete"].as_bool().unwrap(), "{f}");
    assert_eq!(f["pupils_class_changed"], 0, "{f}");
    assert!(f["pupils_changed"].as_u64().unwrap() < 240, "{f}");
}

#[test]
fn the_resolve_bench_rows_are_the_four_changes_checked() {
    // `tailor bench resolve`'s rows on a small school: one per change of the issue, each
    // re-solve accepted by check --against and, when complete, by the full check.
    let case = tailor::bench::Case {
        name: "gcse-80",
        profile: Profile::Gcse,
        pupils: 80,
        seed: 2,
    };
    let settings = tailor::bench::Settings {
        time_limit_s: Some(4.0),
        threads: Some(1),
    };
    let rows = tailor::bench::resolve_rows(&[case], 8.0, &settings).unwrap();
    assert_eq!(rows.len(), 4);
    for r in &rows {
        assert_eq!(r.against_violations, 0, "{r:?}");
        assert!(!r.complete || r.violations == 0, "{r:?}");
        assert_eq!(r.pupils, 80);
    }
    assert!(rows[0].change.starts_with("5% change a choice"), "{rows:?}");
    let text = tailor::bench::resolve_text(&rows);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("| 80 |")).count(),
        4,
        "{text}"
    );
}

/// The rows of a solution's CSV file, as maps from header to cell.
fn rows_of(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

#[test]
fn a_block_whose_teacher_leaves_keeps_its_slots_and_closes_a_class() {
    // A block runs two classes of a course; the teacher of the smaller one leaves, and every
    // other qualified teacher free in the block's slots becomes unavailable there. Moving the
    // block would change the week of every pupil in it; closing the class and seating its
    // pupils in the other changes only theirs. The block keeps its slots, one class runs.
    let dir = tempfile::tempdir().unwrap();
    let (raw, old) = generated(dir.path(), 300, 3);
    let classes = rows_of(&old.join("classes.csv"));
    let meetings = rows_of(&old.join("meetings.csv"));
    let slots_of = |cs: &[std::collections::BTreeMap<String, String>],
                    ms: &[std::collections::BTreeMap<String, String>],
                    block: &str| {
        let ids: std::collections::BTreeSet<&str> = cs
            .iter()
            .filter(|c| c["block"] == block)
            .map(|c| c["class"].as_str())
            .collect();
        ms.iter()
            .filter(|m| ids.contains(m["class"].as_str()))
            .map(|m| format!("{}:{}", m["day"], m["period"]))
            .collect::<std::collections::BTreeSet<String>>()
    };
    let seats = |course: &str| {
        let c = raw.courses.iter().find(|c| c.course == course).unwrap();
        let room = raw
            .rooms
            .iter()
            .filter(|r| r.room_type == c.room_type)
            .map(|r| r.capacity)
            .max()
            .unwrap_or(c.max_size);
        c.max_size.min(room) as usize
    };
    let size = |id: &str| {
        classes.iter().find(|c| c["class"] == id).unwrap()["size"]
            .parse::<usize>()
            .unwrap()
    };
    // Two classes of one course in one block whose pupils fit in one.
    let (small, big, course, block) = classes
        .iter()
        .filter(|a| !a["block"].is_empty())
        .flat_map(|a| {
            classes
                .iter()
                .filter(move |b| {
                    b["block"] == a["block"]
                        && b["course"] == a["course"]
                        && b["class"] != a["class"]
                        && size(&a["class"]) <= size(&b["class"])
                        && a["staff"] != b["staff"]
                })
                .map(move |b| (a, b))
        })
        .find(|(a, b)| size(&a["class"]) + size(&b["class"]) <= seats(&a["course"]))
        .map(|(a, b)| {
            (
                a["class"].clone(),
                b["class"].clone(),
                a["course"].clone(),
                a["block"].clone(),
            )
        })
        .expect("a block with two classes of a course that fit in one");
    let gone = classes.iter().find(|c| c["class"] == small).unwrap()["staff"].clone();
    let stays = classes.iter().find(|c| c["class"] == big).unwrap()["staff"].clone();
    let block_slots = slots_of(&classes, &meetings, &block);
    let busy: std::collections::BTreeSet<&str> = meetings
        .iter()
        .filter(|m| block_slots.contains(&format!("{}:{}", m["day"], m["period"])))
        .map(|m| m["staff"].as_str())
        .collect();
    let mut changed = raw.clone();
    changed.staff.retain(|t| t.staff != gone);
    for t in &mut changed.staff {
        if t.staff != stays && t.teaches.contains(&course) && !busy.contains(t.staff.as_str()) {
            t.unavailable.extend(block_slots.iter().cloned());
            t.unavailable.sort();
            t.unavailable.dedup();
        }
    }
    let scenario = dir.path().join("left");
    tailor::load::write_dir(&changed, &scenario).unwrap();
    let out = dir.path().join("new");
    resolve(&scenario, &old, &out, &[]).success();
    check_against(&scenario, &out, &old).success();
    let f = figures(&out);
    let new_classes = rows_of(&out.join("classes.csv"));
    let new_meetings = rows_of(&out.join("meetings.csv"));
    assert_eq!(
        slots_of(&new_classes, &new_meetings, &block),
        block_slots,
        "{f}"
    );
    let running = new_classes
        .iter()
        .filter(|c| c["block"] == block && c["course"] == course)
        .count();
    assert_eq!(running, 1, "{small} or {big} closes: {f}");
    // Only the pupils of the closed class change class.
    assert!(
        f["pupils_class_changed"].as_u64().unwrap() <= size(&big) as u64,
        "{f}"
    );
}
