//! Fixture tests of `tailor validate`: the demo school is valid, and every folder of
//! `data/invalid/` fails with exactly the error lines of its `expected.txt`.

use std::path::Path;

use assert_cmd::Command;

fn validate(dir: &Path) -> (i32, String) {
    let out = Command::cargo_bin("tailor")
        .expect("the tailor binary")
        .arg("validate")
        .arg(dir)
        .output()
        .expect("tailor runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

#[test]
fn the_demo_school_is_valid() {
    let (code, out) = validate(Path::new("data/demo"));
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("error:"), "{out}");
    assert!(out.contains("valid: 180 pupils"), "{out}");
}

#[test]
fn every_invalid_case_reports_exactly_its_errors() {
    let root = Path::new("data/invalid");
    let mut cases: Vec<_> = std::fs::read_dir(root)
        .expect("data/invalid")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 19, "only {} cases", cases.len());
    for case in cases {
        let expected = std::fs::read_to_string(case.join("expected.txt"))
            .unwrap_or_else(|e| panic!("{}: expected.txt: {e}", case.display()));
        let expected: Vec<&str> = expected.lines().collect();
        assert!(
            !expected.is_empty(),
            "{}: empty expected.txt",
            case.display()
        );
        let (code, out) = validate(&case);
        assert_eq!(code, 1, "{}:\n{out}", case.display());
        let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("error: ")).collect();
        assert_eq!(errors, expected, "{}", case.display());
        let summary = format!("{}: {} errors", case.display(), expected.len());
        assert!(
            out.lines().any(|l| l == summary),
            "{}:\n{out}",
            case.display()
        );
    }
}
