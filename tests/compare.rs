//! `tailor compare` on the small demo under tests/fixtures/compare: edits apply exactly,
//! invalid sweeps are reported before anything runs, and shards merge into one run's table.

use std::path::{Path, PathBuf};

use tailor::compare::{self, blocks_runner, Prepared, RowOutcome, Settings, Shard, Table};
use tailor::load;

/// The `tailor` binary.
fn tailor() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("tailor").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/compare")
        .join(name)
}

fn prepared() -> (compare::Sweep, Vec<Prepared>) {
    let sweep = compare::read_sweep(&fixture("sweep.toml")).unwrap();
    let base = load::read_dir(&sweep.base).unwrap();
    let prepared = compare::prepare(&sweep, &base).unwrap();
    (sweep, prepared)
}

/// The table without the seconds, which differ from run to run.
fn timeless(mut t: Table) -> Table {
    t.shard = None;
    for r in &mut t.rows {
        if let RowOutcome::Solved(f) = &mut r.outcome {
            f.seconds = 0.0;
        }
    }
    t
}

#[test]
fn the_sweep_prepares_every_variant_with_its_edits() {
    let (sweep, prepared) = prepared();
    let names: Vec<&str> = prepared.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "base",
            "four blocks",
            "cap physics",
            "no latin",
            "new science teacher",
            "latin boom",
            "max_classes=1",
            "max_classes=2"
        ]
    );
    assert_eq!(sweep.names(), names);
    let base = &prepared[0].scenario;
    let course = |s: &tailor::scenario::Scenario, id: &str| {
        s.course_ids.get(id).map(|c| s.courses[c].clone())
    };
    assert_eq!(base.blocks.len(), 3);
    assert_eq!(prepared[1].scenario.blocks.len(), 4);
    assert_eq!(course(base, "PHY").unwrap().max_size, 12);
    assert_eq!(course(&prepared[2].scenario, "PHY").unwrap().max_size, 5);
    assert_eq!(course(&prepared[2].scenario, "CHE").unwrap().max_size, 12);
    let new = &prepared[4].scenario;
    let n = new.staff_ids.get("NEW1").expect("added");
    let teaches: Vec<&str> = new.staff[n]
        .teaches
        .iter()
        .map(|&c| new.courses[c].id.as_str())
        .collect();
    assert_eq!(teaches, ["PHY", "CHE"]);
    assert_eq!(new.staff[n].max_periods, 9);
    for (p, k) in [(&prepared[6], 1), (&prepared[7], 2)] {
        assert!(p.scenario.courses.iter().all(|c| c.max_classes == k));
    }
}

#[test]
fn a_dropped_course_leaves_no_choice_of_it_and_its_pupils_miss_it() {
    let (sweep, prepared) = prepared();
    let no_latin = &prepared[3];
    let s = &no_latin.scenario;
    assert!(s.course_ids.get("LAT").is_none());
    assert!(s.staff.iter().all(|t| t.teaches.len() <= 2));
    let raw = load::read_dir(&sweep.base).unwrap();
    let mut latin: Vec<(String, u32, bool)> = raw
        .choices
        .iter()
        .filter(|c| c.course == "LAT")
        .map(|c| (c.pupil.clone(), c.rank, c.reserve))
        .collect();
    let mut dropped: Vec<(String, u32, bool)> = no_latin
        .dropped
        .iter()
        .map(|d| (d.pupil.clone(), d.rank, d.reserve))
        .collect();
    latin.sort();
    dropped.sort();
    assert_eq!(dropped, latin);
    let mains = latin.iter().filter(|c| !c.2).count() as u64;
    assert_eq!(mains, 8);
    // Every pupil keeps the choices of other courses.
    let before: usize = prepared[0]
        .scenario
        .pupils
        .iter()
        .map(|p| p.choices.len())
        .sum();
    let after: usize = s.pupils.iter().map(|p| p.choices.len()).sum();
    assert_eq!(before - after, latin.len());

    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        threads: Some(1),
        ..Settings::default()
    };
    let table = compare::run_prepared(
        &sweep,
        &prepared[3..4],
        &Settings {
            shard: Some(Shard { k: 4, n: 7 }),
            ..settings
        },
        dir.path(),
        &blocks_runner,
    )
    .unwrap();
    assert_eq!(table.rows.len(), 1);
    let f = table.rows[0].figures().unwrap().clone();
    assert_eq!(f.not_offered, mains);
    assert!(f.main_met <= f.main_choices - mains);
    assert!(f.fully_met <= 20 - mains, "{f:?}");
    let listed = std::fs::read_to_string(dir.path().join("03-no-latin/not-offered.csv")).unwrap();
    assert_eq!(listed.lines().count(), 1 + latin.len());
    assert!(listed
        .lines()
        .skip(1)
        .all(|l| l.starts_with('P') && l.contains(",LAT,") && l.ends_with(",course not offered")));
}

#[test]
fn more_demand_adds_main_choices_within_the_blocks() {
    let (_, prepared) = prepared();
    let count = |p: &Prepared| {
        let s = &p.scenario;
        let lat = s.course_ids.get("LAT").unwrap();
        s.pupils
            .iter()
            .filter(|p| p.choice_of(lat).is_some_and(|c| !c.reserve))
            .count()
    };
    assert_eq!(count(&prepared[5]), count(&prepared[0]) + 5);
    for p in prepared[5].scenario.pupils.iter() {
        assert!(p.main_choices().count() <= 3, "{p:?}");
    }
}

#[test]
fn bad_sweeps_are_reported_together_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = dir.path().join("bad.toml");
    let base = fixture("demo");
    std::fs::write(
        &sweep,
        format!(
            "base = {:?}\n\n[[variant]]\nname = \"unknown course\"\n\"courses.GRE.max_size\" = 10\n\n[[variant]]\nname = \"two blocks\"\nblocks = 2\n\n[[variant]]\nname = \"nobody\"\ndrop_staff = \"T9\"\n",
            base.display().to_string()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let err = compare::run(&sweep, &out, &Settings::default(), &|_: &compare::Job<
        '_,
    >| {
        panic!("nothing runs")
    })
    .unwrap_err();
    let text = err.to_string();
    let file = sweep.display().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        22,
        "one error for each of the 20 pupils of two blocks: {text}"
    );
    assert_eq!(
        lines[0],
        format!(
            "{file}:5: courses.GRE.max_size: expected a course id from courses.csv, found \"GRE\""
        )
    );
    for l in &lines[1..21] {
        assert!(
            l.starts_with(&format!("{file}:7: variant \"two blocks\": choices.csv:")),
            "{text}"
        );
        assert!(
            l.contains("more main option choices than the 2 blocks"),
            "{text}"
        );
    }
    assert_eq!(
        lines[21],
        format!("{file}:13: drop_staff: expected a staff id from staff.csv, found \"T9\"")
    );
    assert!(!out.exists());
}

#[test]
fn shards_partition_the_variants_and_merge_into_one_runs_table() {
    let sweep = fixture("sweep.toml");
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let settings = Settings {
        threads: Some(2),
        ..Settings::default()
    };
    let compared = compare::run(&sweep, &one, &settings, &blocks_runner).unwrap();
    assert!(compared.table.all_good());
    let screen = compared.table.text();
    assert!(screen.contains("no latin"), "{screen}");
    let single = compare::read_table(&one).unwrap();
    assert_eq!(single.rows.len(), 8);
    for name in compare::TABLE_FILES {
        assert!(one.join(name).is_file());
    }
    let md = std::fs::read_to_string(one.join("comparison.md")).unwrap();
    assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 9);

    let n = 3;
    let mut dirs = Vec::new();
    let mut owned = vec![0; 8];
    for k in 1..=n {
        let d = dir.path().join(format!("shard{k}"));
        let s = Settings {
            shard: Some(Shard { k, n }),
            threads: Some(1),
            ..Settings::default()
        };
        compare::run(&sweep, &d, &s, &blocks_runner).unwrap();
        let t = compare::read_table(&d).unwrap();
        assert!(
            t.rows.iter().any(|r| r.index == 0),
            "every shard runs the base"
        );
        for r in &t.rows {
            if (Shard { k, n }).owns(r.index) {
                owned[r.index] += 1;
            }
        }
        dirs.push(d);
    }
    assert_eq!(owned, vec![1; 8], "each variant in exactly one shard");
    let all = dir.path().join("all");
    assert!(compare::merge_dirs(&dirs, &all).unwrap().all_good());
    let merged = compare::read_table(&all).unwrap();
    assert_eq!(merged.shard, None);
    assert_eq!(timeless(merged), timeless(single));
    let mut subs: Vec<String> = std::fs::read_dir(&all)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("comparison") && n != "report.html")
        .collect();
    subs.sort();
    assert_eq!(subs.len(), 8, "{subs:?}");
    assert!(
        all.join("report.html").is_file(),
        "the merged comparison has its report"
    );
    assert_eq!(subs[3], "03-no-latin");
    assert!(all.join("03-no-latin/summary.json").is_file());

    // A missing or doubled shard is refused.
    let err = compare::merge_dirs(&dirs[..2], &dir.path().join("x")).unwrap_err();
    assert!(err.to_string().contains("missing shards: 3/3"), "{err}");
    let twice = [dirs[0].clone(), dirs[0].clone(), dirs[1].clone()];
    let err = compare::merge_dirs(&twice, &dir.path().join("x")).unwrap_err();
    assert!(err.to_string().contains("given twice"), "{err}");
}

#[test]
fn the_command_line_runs_a_sweep_and_merges() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("one");
    let sweep = fixture("sweep.toml");
    tailor()
        .args([
            "compare",
            sweep.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--shard", "2/2", "--threads", "1", "--time-limit", "10"])
        .assert()
        .success();
    let t = compare::read_table(&out).unwrap();
    assert_eq!(t.shard, Some(Shard { k: 2, n: 2 }));
    let indices: Vec<usize> = t.rows.iter().map(|r| r.index).collect();
    assert_eq!(indices, [0, 1, 3, 5, 7]);
    let merged = tailor()
        .args(["compare", "--merge", out.to_str().unwrap(), "--out"])
        .arg(dir.path().join("all"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&merged.get_output().stderr).into_owned();
    assert!(stderr.contains("missing shards: 1/2"), "{stderr}");
    tailor()
        .args([
            "compare",
            sweep.to_str().unwrap(),
            "--out",
            "x",
            "--shard",
            "3/2",
        ])
        .assert()
        .code(2);
}

/// The sweep of `data/` that the README shows prepares: every variant is a valid scenario.
#[test]
fn the_sweep_of_data_prepares_as_the_readme_shows() {
    let sweep = compare::read_sweep(Path::new("data/sweep.toml")).unwrap();
    let base = load::read_dir(&sweep.base).unwrap();
    let prepared = compare::prepare(&sweep, &base).unwrap();
    assert_eq!(
        prepared.len(),
        1 + 5 + 4,
        "the base, five variants, a grid of four"
    );
    // The README shows the file as it is (its opening comments aside) and how to run it.
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("tailor compare data/sweep.toml --out runs/whatif"));
    let text = std::fs::read_to_string("data/sweep.toml").unwrap();
    let body: String = text
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(readme.contains(&format!("```toml\n{body}```")), "{body}");
}
