//! Fixture tests of `tailor diagnose`: every folder of `data/infeasible/` prints exactly its
//! `expected.txt`; its errors also fail `validate` and stop `solve` before it starts, with the
//! same words; the demo and the fixtures have no error.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

mod common;

fn tailor(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("tailor")
        .expect("the tailor binary")
        .args(args)
        .output()
        .expect("tailor runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<_> = std::fs::read_dir("data/infeasible")
        .expect("data/infeasible")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_infeasible_case_reports_exactly_its_findings() {
    let cases = cases();
    assert!(cases.len() >= 12, "only {} cases", cases.len());
    for case in cases {
        let dir = case.to_str().expect("a UTF-8 path");
        let expected = std::fs::read_to_string(case.join("expected.txt"))
            .unwrap_or_else(|e| panic!("{dir}: expected.txt: {e}"));
        let (code, out) = tailor(&["diagnose", dir]);
        assert_eq!(out, expected, "{dir}");
        let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("error: ")).collect();
        let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("warning: ")).collect();
        assert!(
            !errors.is_empty() || !warnings.is_empty(),
            "{dir}: no finding"
        );
        assert_eq!(code, i32::from(!errors.is_empty()), "{dir}");

        // validate lists the same findings.
        let (code, out) = tailor(&["validate", dir]);
        assert_eq!(code, i32::from(!errors.is_empty()), "{dir}:\n{out}");
        for line in errors.iter().chain(&warnings) {
            assert!(
                out.lines().any(|l| l == *line),
                "{dir}: validate lacks {line}\n{out}"
            );
        }

        // --json lists them for scripts.
        let (_, json) = tailor(&["diagnose", dir, "--json"]);
        let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(v["errors"], errors.len(), "{dir}");
        assert_eq!(v["warnings"], warnings.len(), "{dir}");
        let findings = v["findings"].as_array().expect("findings");
        assert_eq!(findings.len(), errors.len() + warnings.len());
        for f in findings {
            assert!(f["finding"].is_string() && f["ids"].is_array() && f["files"].is_array());
        }

        // solve refuses to start on errors, with the same words, and writes nothing.
        if !errors.is_empty() {
            let tmp = tempfile::tempdir().expect("a temporary folder");
            let sol = tmp.path().join("solution");
            let (code, out) = tailor(&[
                "solve",
                dir,
                "--out",
                sol.to_str().expect("a UTF-8 path"),
                "--time-limit",
                "5",
            ]);
            assert_eq!(code, 1, "{dir}:\n{out}");
            let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("error: ")).collect();
            assert_eq!(lines, errors, "{dir}");
            assert!(out.contains("solve not started"), "{out}");
            assert!(!sol.exists(), "{dir}: solve wrote {}", sol.display());
        }
    }
}

#[test]
fn the_issue_case_names_the_missing_set() {
    let (code, out) = tailor(&["diagnose", "data/infeasible/too-few-sets"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("300 pupils of stage 10 take core SCI in sets of at most 26")
            && out.contains("needs 12 sets, but max_classes is 11")
            && out.contains("raise max_classes of SCI to 12"),
        "{out}"
    );
}

#[test]
fn schools_that_solve_have_no_error() {
    for dir in [
        "data/demo",
        "data/legacy-options",
        "tests/fixtures/tiny/scenario",
    ] {
        let (code, out) = tailor(&["diagnose", dir]);
        assert_eq!(code, 0, "{dir}:\n{out}");
        assert!(!out.contains("error:"), "{dir}:\n{out}");
    }
}

#[test]
fn the_itc2007_instances_have_no_error() {
    let data = Path::new("../shared/data/itc2007");
    if !data.is_dir() {
        common::missing(&format!("the ITC2007 data in {}", data.display()));
        return;
    }
    let tmp = tempfile::tempdir().expect("a temporary folder");
    for i in 1..=16 {
        let tim = data.join(format!("comp-2007-2-{i}.tim"));
        let out = tmp.path().join(format!("itc{i}"));
        let (code, text) = tailor(&[
            "import",
            "itc2007",
            tim.to_str().expect("a UTF-8 path"),
            "--out",
            out.to_str().expect("a UTF-8 path"),
        ]);
        assert_eq!(code, 0, "{text}");
        let (code, text) = tailor(&["diagnose", out.to_str().expect("a UTF-8 path")]);
        assert_eq!(code, 0, "instance {i}:\n{text}");
    }
}
