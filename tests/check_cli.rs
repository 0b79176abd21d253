//! `tailor check` from the outside: exit statuses, grouped text, JSON, and unreadable files.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
}

/// A copy of the tiny solution folder in a temporary folder, edited by `edit`.
fn solution_copy(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in fs::read_dir(fixture().join("solution")).unwrap() {
        let f = f.unwrap();
        fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
    }
    edit(dir.path());
    dir
}

fn replace(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn tailor_check(solution: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("tailor")
        .unwrap()
        .arg("check")
        .arg(fixture().join("scenario"))
        .arg(solution)
        .args(extra)
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}
fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

#[test]
fn a_valid_solution_exits_0() {
    let a = tailor_check(&fixture().join("solution"), &[]).code(0);
    assert_eq!(
        stdout(&a),
        "no violations: 5 pupils, 11 classes, 13 meetings checked\n"
    );
}

#[test]
fn violations_are_grouped_by_rule_and_exit_1() {
    let dir = solution_copy(|d| {
        replace(&d.join("meetings.csv"), "TU-1,Mon,4,S4,", "TU-1,Mon,3,S4,");
        replace(
            &d.join("unmet.csv"),
            "P2,AR,2,its block holds a better-ranked choice\n",
            "",
        );
    });
    let a = tailor_check(dir.path(), &[]).code(1);
    assert_eq!(
        stdout(&a),
        "pupil-clash (1): A pupil never has two meetings in one slot.\n  \
         P2 HI-1 TU-1 Mon:3: P2 meets HI-1, TU-1 at once\n\
         unmet-missing (1): Every main choice (option or tutorial) a pupil did not get is listed in unmet.csv.\n  \
         P2 AR: P2 did not get AR (rank 2) but unmet.csv does not say so\n\
         2 violations of 2 rules\n"
    );
    let a = tailor_check(dir.path(), &["--json"]).code(1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["rules"]["pupil-clash"], 1);
    assert_eq!(json["violations"][1]["rule"], "unmet-missing");
    assert_eq!(
        json["violations"][1]["ids"],
        serde_json::json!(["P2", "AR"])
    );
}

#[test]
fn blocks_only_ignores_the_week() {
    let dir = solution_copy(|d| fs::remove_file(d.join("meetings.csv")).unwrap());
    tailor_check(dir.path(), &[]).code(1);
    let a = tailor_check(dir.path(), &["--blocks-only"]).code(0);
    assert!(stdout(&a).starts_with("no violations: 5 pupils, 11 classes, 0 meetings"));
}

fn unreadable(edit: impl FnOnce(&Path), expected: &str) {
    let dir = solution_copy(edit);
    let a = tailor_check(dir.path(), &[]).code(2);
    assert!(
        stderr(&a).contains(expected),
        "{expected:?} not in {:?}",
        stderr(&a)
    );
    assert_eq!(stdout(&a), "");
}

#[test]
fn a_missing_file_exits_2() {
    unreadable(
        |d| fs::remove_file(d.join("enrolments.csv")).unwrap(),
        "enrolments.csv: cannot read: ",
    );
}

#[test]
fn an_unknown_class_exits_2() {
    unreadable(
        |d| replace(&d.join("enrolments.csv"), "P1,MA-1", "P1,MA-9"),
        r#"enrolments.csv:6: class: expected a class id from classes.csv, found "MA-9""#,
    );
}

#[test]
fn an_unknown_pupil_exits_2() {
    unreadable(
        |d| replace(&d.join("enrolments.csv"), "P3,EN-2", "P33,EN-2"),
        r#"enrolments.csv:4: pupil: expected a pupil id from pupils.csv, found "P33""#,
    );
}

#[test]
fn a_slot_not_in_the_week_exits_2() {
    unreadable(
        |d| replace(&d.join("meetings.csv"), "MA-1,Tue,2", "MA-1,Wed,2"),
        r#"meetings.csv:6: day: expected a day of the week (Mon;Tue), found "Wed""#,
    );
    unreadable(
        |d| replace(&d.join("meetings.csv"), "MA-1,Tue,2", "MA-1,Tue,7"),
        r#"meetings.csv:6: period: expected a period of the day (1;2;3;4), found "7""#,
    );
}

#[test]
fn a_missing_folder_exits_2() {
    let a = tailor_check(Path::new("/nonexistent/solution"), &[]).code(2);
    assert!(stderr(&a).contains("no such solution folder"));
}
