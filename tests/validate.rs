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
    assert!(out.contains("valid: 300 pupils"), "{out}");
    assert!(out.contains("13 blocks; 0 warnings"), "{out}");
    // The small legacy `[options]` example stays valid too.
    let (code, out) = validate(Path::new("data/legacy-options"));
    assert_eq!(code, 0, "{out}");
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

#[test]
fn files_as_schools_save_them_read_with_exactly_their_output() {
    let root = Path::new("data/readable");
    let mut cases: Vec<_> = std::fs::read_dir(root)
        .expect("data/readable")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "only {} cases", cases.len());
    for case in cases {
        let expected = std::fs::read_to_string(case.join("expected.txt"))
            .unwrap_or_else(|e| panic!("{}: expected.txt: {e}", case.display()));
        let (code, out) = validate(&case);
        assert_eq!(code, 0, "{}:\n{out}", case.display());
        assert_eq!(out, expected, "{}", case.display());
    }
}

#[test]
fn windows_1252_names_are_read_right_and_written_as_utf8() {
    let dir = Path::new("data/readable/windows-1252");
    let raw = std::fs::read(dir.join("pupils.csv")).expect("pupils.csv");
    assert!(
        std::str::from_utf8(&raw).is_err(),
        "the fixture is not UTF-8"
    );
    let loaded = tailor::load::load_dir(dir).expect("it loads");
    let s = &loaded.scenario;
    assert_eq!(
        s.pupils[s.pupil_ids.get("P1").expect("P1")].name,
        "Zoë Brontë"
    );
    assert_eq!(
        s.courses[s.course_ids.get("ART").expect("ART")].name,
        "Art – Céramique"
    );
    let raw = tailor::load::read_dir(dir).expect("it reads");
    let files = tailor::load::write_raw(&raw);
    let (_, pupils) = files
        .iter()
        .find(|(name, _)| *name == "pupils.csv")
        .expect("pupils.csv written");
    let text = std::str::from_utf8(pupils).expect("written as UTF-8");
    assert!(text.contains("Zoë Brontë"), "{text}");
}
